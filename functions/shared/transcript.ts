import type { Message as ConverseMessage } from '@aws-sdk/client-bedrock-runtime';
import type { Message } from '../../schemas/message';
import type { ConversationRef } from './conversations';
import { queryMessages } from './messages';

/** The recent dialogue of a conversation and the notes agents left. */
export interface Transcript {
  /** Customer, assistant and agent messages, oldest first. */
  readonly dialogue: readonly Message[];
  /** Notes for the assistant only, oldest first. */
  readonly notes: readonly Message[];
}

export interface TranscriptOptions {
  /** Dialogue messages to keep, counted from the newest. */
  readonly window: number;
  /**
   * Ignore dialogue after this sequence (it belongs to a later turn). Notes
   * are kept whenever they were written: an agent's hand-back note may
   * follow the message it is about.
   */
  readonly upTo?: number;
}

const DIALOGUE = new Set(['customer', 'assistant', 'agent']);

/**
 * Reads the newest messages and keeps the last `window` of the dialogue.
 * System messages (handoff and closing notices) are left out: they speak
 * about the conversation, not in it. Reads at most 100 messages, so a
 * window surrounded by more than that many notices comes back shorter.
 */
export async function recentTranscript(
  ref: ConversationRef,
  options: TranscriptOptions,
): Promise<Transcript> {
  const newest = await queryMessages(ref, {
    newestFirst: true,
    limit: Math.min(100, options.window * 3 + 10),
  });
  const upTo = options.upTo ?? Number.POSITIVE_INFINITY;
  const oldestFirst = newest.reverse();
  const dialogue = oldestFirst.filter(
    (m) => DIALOGUE.has(m.sender) && m.sequence <= upTo,
  );
  return {
    dialogue: dialogue.slice(-options.window),
    notes: oldestFirst.filter((m) => m.sender === 'note'),
  };
}

/** How an agent's message reads to the model, which speaks as the team. */
export const AGENT_PREFIX = '(human agent) ';

/**
 * Turns dialogue into Converse messages: the customer is `user`, the
 * assistant and human agents are `assistant`. Converse wants the roles to
 * alternate and the first message to be the user's, so consecutive messages
 * of one role are merged and anything before the first customer message is
 * dropped.
 */
export function toConverseMessages(
  dialogue: readonly Message[],
): ConverseMessage[] {
  const merged: { role: 'user' | 'assistant'; texts: string[] }[] = [];
  for (const message of dialogue) {
    const role = message.sender === 'customer' ? 'user' : 'assistant';
    if (merged.length === 0 && role !== 'user') continue;
    const text =
      message.sender === 'agent' ? AGENT_PREFIX + message.text : message.text;
    if (text.trim() === '') continue;
    const last = merged.at(-1);
    if (last?.role === role) last.texts.push(text);
    else merged.push({ role, texts: [text] });
  }
  return merged.map(({ role, texts }) => ({
    role,
    content: [{ text: texts.join('\n\n') }],
  }));
}
