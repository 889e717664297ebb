import { messageText, rawText } from '../conversation';
import { isToolResultsText } from '../text-rounds';
import type { WireMessage } from '../wire';

/**
 * Recognises a customer asking for a change to their order or account
 * ("please cancel order #W5520914", "I want to return the stove"), as
 * opposed to asking about the policy ("can I return shoes?"), and resumes
 * such a request when the customer answers a question asked for it.
 */

/** What the customer asks to change. */
export type ChangeKind =
  | 'cancel'
  | 'return'
  | 'swap'
  | 'payment'
  | 'order_address'
  | 'user_address'
  | 'refund';

/** A change request and the customer texts that make it, oldest first. */
export interface ChangeIntent {
  readonly kind: ChangeKind;
  readonly texts: readonly string[];
}

/**
 * Opens every question the offline model asks to go on with a request,
 * so that the customer's answer resumes it.
 */
export const ASK_LEAD = 'I can help with that.';

/**
 * Opens the offline model's request for a yes to a change; a reply other
 * than yes or no amends the request ("only the stove, please").
 */
export const CONFIRM_LEAD = 'To confirm:';

const RESUMING = [ASK_LEAD, CONFIRM_LEAD];

/**
 * A short answer that drops the change ("actually, no", "never mind"),
 * not a cancel reason that opens with "no" ("no longer needed").
 */
const WITHDRAWAL = new RegExp(
  String.raw`^(?:(?:actually|hmm+|oh|wait|well|ok(?:ay)?|sorry)[\s,.!]*)*` +
    String.raw`(?:no(?!\s+(?:longer|need))|nope|nah|never ?mind|forget it|` +
    String.raw`don'?t|leave it|stop)\b`,
  'i',
);
const MAX_WITHDRAWAL_WORDS = 5;

// TODO(local): one change per request, in English. "Cancel #W1 and return
// #W2" plans only the kind whose cue comes first below, and the cues are
// English words. Finding every kind and order a text names, and cue lists
// per tenant language, would close it.
/** Customer words for each kind, in order of precedence. */
const CUES: readonly (readonly [ChangeKind | 'address', RegExp])[] = [
  ['cancel', /\bcancel(?:l?ed|l?ing|s)?\b/i],
  [
    'return',
    new RegExp(
      String.raw`(?<!\b(?:my|the|a|your|this|that|our|any|of)\s+)` +
        String.raw`\breturn(?:s|ed|ing)?\b(?!\s+(?:policy|policies|label|` +
        `window|period|status|request|shipping|process|address))` +
        String.raw`|\bsend\b[^.?!]{0,40}\bback\b`,
      'i',
    ),
  ],
  [
    'payment',
    new RegExp(
      String.raw`\bpay(?:ing)?\b[^.?!]{0,20}\b(?:with|by|using)\b|` +
        String.raw`\b(?:change|switch|update|use|move)\b[^.?!]{0,30}` +
        String.raw`\b(?:payment|paypal|gift ?card|credit ?card|card)\b`,
      'i',
    ),
  ],
  [
    'address',
    new RegExp(
      String.raw`\b(?:change|update|correct|fix|edit|new|wrong|different)` +
        String.raw`\b[^.?!]{0,40}\baddress\b|\baddress\b[^.?!]{0,30}` +
        String.raw`\b(?:change|update|wrong|incorrect|outdated)\b`,
      'i',
    ),
  ],
  [
    'swap',
    new RegExp(
      String.raw`\b(?:exchange|swap|switch|trade|replace)\b|\bchange\b` +
        String.raw`[^.?!]{0,30}\b(?:size|colou?r|capacity|length|type|` +
        String.raw`variant|option|item)s?\b`,
      'i',
    ),
  ],
  ['refund', /\brefund\b/i],
];

/** A question about how things work, not a request to do something. */
const GENERAL_QUESTION = new RegExp(
  String.raw`^\s*(?:(?:can|could|may|do|does|did|will|would|should|is|are)` +
    String.raw`\s+(?:i|we|customers?|people|one|they|items?|orders?|` +
    String.raw`products?|it)\b|(?:how|what|when|why|which|where)\b)`,
  'i',
);

const USER_ADDRESS = /\b(?:default|account|profile|home|saved|on file)\b/i;
const ORDER_WORDS = /\b(?:order|shipping|ship|deliver\w*|package|parcel)\b/i;

/**
 * The change the customer's latest text asks for; when that text answers
 * a question the offline model asked for a change (its reply opened with
 * `ASK_LEAD` or `CONFIRM_LEAD`), the request that question was about, with
 * the answer, or `withdrawn` when the answer drops it ("never mind").
 * `hasOrderId` tells whether a text names an order.
 */
export function changeIntent(
  messages: readonly WireMessage[],
  hasOrderId: (text: string) => boolean,
): ChangeIntent | 'withdrawn' | undefined {
  const entries = dialogue(messages);
  const texts: string[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (entry?.speaker === 'assistant') {
      const resumes = RESUMING.some((lead) => entry.text.startsWith(lead));
      if (texts.length === 0 || !resumes) break;
      if (withdraws(texts)) return 'withdrawn';
      continue;
    }
    const text = entry?.text ?? '';
    texts.unshift(text);
    const cue = CUES.find(([, pattern]) => pattern.test(text))?.[0];
    if (!cue) continue;
    const asked = hasOrderId(text) || !GENERAL_QUESTION.test(text);
    return asked ? { kind: refine(cue, texts, hasOrderId), texts } : undefined;
  }
  return undefined;
}

function withdraws(answers: readonly string[]): boolean {
  const text = answers.join(' ').trim();
  return (
    text.split(/\s+/).length <= MAX_WITHDRAWAL_WORDS && WITHDRAWAL.test(text)
  );
}

function refine(
  cue: ChangeKind | 'address',
  texts: readonly string[],
  hasOrderId: (text: string) => boolean,
): ChangeKind {
  if (cue !== 'address') return cue;
  const joined = texts.join('\n');
  if (USER_ADDRESS.test(joined)) return 'user_address';
  const aboutOrder = texts.some(hasOrderId) || ORDER_WORDS.test(joined);
  return aboutOrder ? 'order_address' : 'user_address';
}

interface Entry {
  readonly speaker: 'customer' | 'assistant';
  readonly text: string;
}

/** Customer and assistant texts, without tool rounds. */
function dialogue(messages: readonly WireMessage[]): Entry[] {
  return messages.flatMap((message): Entry[] => {
    const text = messageText(message);
    const toolRound =
      message.content.some((b) => b.toolResult || b.toolUse) ||
      isToolResultsText(rawText(message)) ||
      text.startsWith('Called the tool ');
    if (!text || toolRound) return [];
    const speaker = message.role === 'user' ? 'customer' : 'assistant';
    return [{ speaker, text }];
  });
}
