import type { AnswerItem, Navigation, ToolCall } from '@booth/shared/api';

/** A contact an ambiguous name could be. */
export interface Choice {
  id: string;
  name: string;
  detail: string | null;
}

/** What a tool gave, before it is stored as the assistant's message. */
export interface Answer {
  text: string;
  /** Shorter text to read aloud; default `text`. */
  speech?: string;
  items: AnswerItem[];
  choices: Choice[];
  navigate: Navigation | null;
  /** A read that waits for the admin to say which of `choices` they meant. */
  awaiting?: ToolCall;
}

/** An answer that is only words. */
export const say = (text: string, speech?: string): Answer => ({
  text,
  speech,
  items: [],
  choices: [],
  navigate: null,
});
