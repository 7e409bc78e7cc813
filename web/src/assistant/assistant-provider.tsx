import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type Dispatch,
  type ReactNode,
  type SetStateAction,
} from 'react';
import {
  ASSISTANT_RPC,
  DATA_TOPICS,
  assistantDataSchema,
  type Navigation,
  type TurnResult,
} from '@booth/shared/api';
import type { LiveRoom } from '../live/room';
import { useVerifiedData } from '../live/verified-data';
import { useAssistantRoom, type VoiceStatus } from './assistant-room';
import { useAssistantSettings, type AssistantSettings } from './assistant-settings';
import { playChime } from './chime';
import { useConversation, type ConversationState } from './conversation';
import { follow } from './navigation';
import { useAgent, useMicLive, type AgentPresence } from './use-agent';

export interface VoiceState {
  /** The admin turned voice on (the room stays connected, page to page, until they turn it off). */
  on: boolean;
  status: VoiceStatus;
  error: Error | undefined;
  live: LiveRoom | undefined;
  agent: AgentPresence;
  /** Our microphone is live in the room. */
  micLive: boolean;
  handsFree: boolean;
  /** Push-to-talk is held (the microphone is open for the turn). */
  talking: boolean;
  /** A passing word from the agent: it heard the wake phrase, or did not catch what was said. */
  notice: string | undefined;
  /** Connected for a while and the agent has not joined (the transcriber is down, or busy). */
  agentLate: boolean;
  start: () => void;
  stop: () => void;
  retry: () => void;
  setHandsFree: (on: boolean) => void;
  setTalking: (on: boolean) => void;
}

export interface AssistantState {
  conversation: ConversationState;
  /** Says `text` (typed): the reply streams into `conversation.pending`; a reply that navigates is followed. */
  send: (text: string) => Promise<TurnResult | undefined>;
  voice: VoiceState;
  panelOpen: boolean;
  setPanelOpen: Dispatch<SetStateAction<boolean>>;
  settings: AssistantSettings;
}

const AssistantContext = createContext<AssistantState | undefined>(undefined);

/** How long a notice (wake, unheard) stays. */
const NOTICE_MS = 4000;
/** How long the agent may take to join before the dock says it has not. */
const AGENT_LATE_MS = 20_000;

/**
 * The admin assistant for the signed-in shell: the conversation (typed turns streaming their reply,
 * confirm and refuse), the panel's open state, and voice — the assistant room kept connected across
 * pages while voice is on, with the agent's navigations followed, its signed turns merged into the
 * conversation, push-to-talk or hands-free driving the microphone.
 */
export function AssistantProvider({ children }: { children: ReactNode }) {
  const conversation = useConversation();
  const [settings] = useAssistantSettings();
  const [panelOpen, setPanelOpen] = useState(false);
  const [on, setOn] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [handsFree, setHandsFree] = useState(false);
  const [talking, setTalking] = useState(false);
  const [notice, setNotice] = useState<{ text: string; at: number }>();
  const [rpcError, setRpcError] = useState<Error>();
  const clearMark = useRef<() => void>(() => undefined);
  const micWanted = handsFree || talking;

  const go = useCallback((nav: Navigation) => {
    clearMark.current();
    const { path, clear } = follow(nav);
    clearMark.current = clear;
    return path;
  }, []);

  const {
    live,
    status,
    error: roomError,
  } = useAssistantRoom({ on, attempt, micOpen: () => micWanted, onNavigate: go });
  const r = live?.room;
  const connected = status === 'connected';
  const agent = useAgent(r);
  const micLive = useMicLive(r);
  const { conversationId, addTurn, ensure } = conversation;

  // The microphone follows the mode: open in hands-free and while push-to-talk is held, muted otherwise.
  useEffect(() => {
    if (!r || !connected) return;
    r.localParticipant.setMicrophoneEnabled(micWanted).catch((err: unknown) => {
      setRpcError(err instanceof Error ? err : new Error(String(err)));
    });
  }, [r, connected, micWanted]);

  // The agent learns the mode when it joins (again) and whenever it changes.
  const agentIdentity = agent.identity;
  useEffect(() => {
    if (!r || !connected || !agentIdentity) return;
    const payload = JSON.stringify(conversationId ? { on: handsFree, conversationId } : { on: handsFree });
    r.localParticipant
      .performRpc({ destinationIdentity: agentIdentity, method: ASSISTANT_RPC.handsFree, payload })
      .then(
        () => setRpcError(undefined),
        (err: unknown) => setRpcError(err instanceof Error ? err : new Error(String(err))),
      );
  }, [r, connected, agentIdentity, handsFree, conversationId]);

  // Connected without the agent for a while: say so (it joins when the transcriber takes the room).
  const [lateRoom, setLateRoom] = useState<unknown>();
  useEffect(() => {
    if (agentIdentity) setLateRoom(undefined);
    if (!r || !connected || agentIdentity) return;
    const timer = setTimeout(() => setLateRoom(r), AGENT_LATE_MS);
    return () => clearTimeout(timer);
  }, [r, connected, agentIdentity]);
  const agentLate = connected && !agentIdentity && lateRoom === r;

  useVerifiedData(live, DATA_TOPICS.assistant, assistantDataSchema, (data) => {
    if (data.type === 'turn') addTurn(data.turn);
    else if (data.type === 'wake') {
      if (settings.chime) playChime();
      setNotice({ text: 'Heard “Hey Booth”', at: Date.now() });
    } else setNotice({ text: 'Sorry, I did not catch that.', at: Date.now() });
  });
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(undefined), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const { handsFreeDefault } = settings;
  const start = useCallback(() => {
    setHandsFree(handsFreeDefault);
    setTalking(false);
    setRpcError(undefined);
    setOn(true);
    // Voice turns go to this conversation: start one now if there is none.
    ensure().catch((err: unknown) => console.warn('booth: could not start a conversation', err));
  }, [handsFreeDefault, ensure]);
  const stop = useCallback(() => {
    setOn(false);
    setTalking(false);
  }, []);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);

  const { send: sendTurn } = conversation;
  const send = useCallback(
    async (text: string) => {
      const turn = await sendTurn(text, 'typed');
      if (turn?.reply.navigate) go(turn.reply.navigate);
      return turn;
    },
    [sendTurn, go],
  );

  const voice = useMemo<VoiceState>(
    () => ({
      on,
      status,
      error: roomError ?? rpcError,
      live,
      agent,
      micLive,
      handsFree,
      talking,
      notice: notice?.text,
      agentLate,
      start,
      stop,
      retry,
      setHandsFree,
      setTalking,
    }),
    [
      on,
      status,
      roomError,
      rpcError,
      live,
      agent,
      micLive,
      handsFree,
      talking,
      notice,
      agentLate,
      start,
      stop,
      retry,
    ],
  );
  const value = useMemo(
    () => ({ conversation, send, voice, panelOpen, setPanelOpen, settings }),
    [conversation, send, voice, panelOpen, settings],
  );
  return <AssistantContext.Provider value={value}>{children}</AssistantContext.Provider>;
}

/** The assistant (under AssistantProvider, i.e. the signed-in shell). */
export function useAssistant(): AssistantState {
  const state = useContext(AssistantContext);
  if (!state) throw new Error('useAssistant outside AssistantProvider');
  return state;
}
