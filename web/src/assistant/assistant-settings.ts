import { useCallback, useMemo, useSyncExternalStore } from 'react';

/** The assistant's voice options, kept in this browser (localStorage): each one changes what the dock does. */
export interface AssistantSettings {
  /** Voice starts in hands-free mode (listening for "Hey Booth") instead of push-to-talk. */
  handsFreeDefault: boolean;
  /** Holding Space (outside text fields) talks, as holding the button does. */
  spaceToTalk: boolean;
  /** A short tone when the assistant heard its wake phrase. */
  chime: boolean;
}

export const DEFAULT_SETTINGS: AssistantSettings = {
  handsFreeDefault: false,
  spaceToTalk: true,
  chime: true,
};

const KEY = 'booth.assistant.settings';
/** Fired on `window` when this tab changed them (`storage` only reports other tabs' changes). */
const CHANGED_EVENT = 'booth:assistant-settings';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(CHANGED_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(CHANGED_EVENT, onChange);
  };
}

const read = (): string | null => {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: the defaults
  }
};

function parse(raw: string | null): AssistantSettings {
  if (!raw) return DEFAULT_SETTINGS;
  try {
    const stored = JSON.parse(raw) as Record<string, unknown>;
    const flag = (k: keyof AssistantSettings) =>
      typeof stored[k] === 'boolean' ? stored[k] : DEFAULT_SETTINGS[k];
    return {
      handsFreeDefault: flag('handsFreeDefault'),
      spaceToTalk: flag('spaceToTalk'),
      chime: flag('chime'),
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/** The settings, re-read when they change (in this tab or another); `update` stores a change. */
export function useAssistantSettings(): [AssistantSettings, (change: Partial<AssistantSettings>) => void] {
  const raw = useSyncExternalStore(subscribe, read);
  const settings = useMemo(() => parse(raw), [raw]);
  const update = useCallback((change: Partial<AssistantSettings>) => {
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ ...parse(read()), ...change }));
    } catch {
      return; // storage disabled: nothing is kept
    }
    window.dispatchEvent(new Event(CHANGED_EVENT));
  }, []);
  return [settings, update];
}
