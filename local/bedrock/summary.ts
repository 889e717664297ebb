import { unescapeData } from '../../functions/shared/prompt-format';
import { type ConversationView, rawText, toolUses } from './conversation';
import { squash, stripTags, terms, truncate } from './text';
import type { WireMessage } from './wire';

/**
 * The handoff summary for a human agent, built only from what was said:
 * what the customer asked, the ids they gave, what the assistant looked up
 * and last answered.
 */

const MAX_SUMMARY_CHARS = 600;
const MAX_QUOTE_CHARS = 140;

type Speaker = 'customer' | 'assistant';

interface Entry {
  readonly speaker: Speaker;
  readonly text: string;
}

/** "Customer: …", also "[10:02] **Agent** (Sam): …". */
const ROLE_LINE = new RegExp(
  String.raw`^\s*(?:\[[^\]]*\]\s*)?\**(customer|user|assistant|ai|bot|agent)` +
    String.raw`\**\s*(?:\([^)]*\))?\s*:\s*(.*)$`,
  'i',
);
const IDS = [
  /#[A-Z]{0,3}\d{4,}/g,
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  /\b[a-z]+_[a-z]+_\d{4}\b/g,
  // Personal data the functions redacted: `[EMAIL_1]`, `[CARD_2]`.
  /\[(?:CARD|IBAN|SSN|NINO|EMAIL|PHONE|ADDRESS)_\d{1,6}\]/g,
];
const GREETING_ONLY = new Set(['good', 'morn', 'afternoon', 'even', 'day']);

/** An extractive summary of at most 600 characters. */
export function summarise(view: ConversationView): string {
  const entries = readEntries(view.messages);
  const customer = entries.filter((e) => e.speaker === 'customer');
  const assistant = entries.filter((e) => e.speaker === 'assistant');
  if (customer.length === 0) return 'The customer has not written anything.';

  const first =
    customer.find((e) => terms(e.text).some((t) => !GREETING_ONLY.has(t))) ??
    customer[0];
  const latest = customer.at(-1);
  const calls = view.messages.flatMap((m) => toolUses(m));
  const ids = mentionedIds([
    ...customer.map((e) => e.text),
    ...calls.map((c) => JSON.stringify(c.input ?? {})),
  ]);

  const parts = [
    quoted('Customer asked', first?.text),
    ids.length > 0 ? `Ids mentioned: ${ids.join(', ')}.` : '',
    calls.length > 0 ? `Assistant looked up: ${toolNames(calls)}.` : '',
    latest && latest !== first
      ? quoted('Latest customer message', latest.text)
      : '',
    assistant.length > 0
      ? quoted('Assistant last replied', assistant.at(-1)?.text)
      : 'The assistant has not replied yet.',
  ];
  return truncate(parts.filter(Boolean).join(' '), MAX_SUMMARY_CHARS);
}

/**
 * The conversation as speaker turns: from a transcript pasted into one
 * user message ("customer: …" lines), or else from the messages.
 */
function readEntries(messages: readonly WireMessage[]): Entry[] {
  const users = messages.filter((m) => m.role === 'user');
  const pasted = users.length === 1 && users[0] ? plainText(users[0]) : '';
  const fromTranscript = transcriptEntries(pasted);
  if (fromTranscript.length > 0) return fromTranscript;

  return messages.flatMap((m) => {
    const text = squash(plainText(m));
    if (!text) return [];
    const speaker: Speaker = m.role === 'user' ? 'customer' : 'assistant';
    return [{ speaker, text }];
  });
}

function transcriptEntries(text: string): Entry[] {
  const entries: { speaker: Speaker; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    const match = ROLE_LINE.exec(line);
    if (match) {
      const role = (match[1] ?? '').toLowerCase();
      const speaker =
        role === 'customer' || role === 'user' ? 'customer' : 'assistant';
      entries.push({ speaker, lines: [match[2] ?? ''] });
    } else if (entries.length > 0) {
      entries.at(-1)?.lines.push(line);
    }
  }
  return entries
    .map((e) => ({ speaker: e.speaker, text: squash(e.lines.join(' ')) }))
    .filter((e) => e.text.length > 0);
}

const plainText = (message: WireMessage) =>
  unescapeData(stripTags(rawText(message)));

const toolNames = (calls: readonly { name: string }[]) =>
  [...new Set(calls.map((c) => c.name))].join(', ');

function mentionedIds(texts: readonly string[]): string[] {
  const found = texts.flatMap((text) =>
    IDS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[0])),
  );
  return [...new Set(found)].slice(0, 8);
}

/** `Label: "quote".`, without doubling the quote's own full stop. */
function quoted(label: string, text: string | undefined): string {
  const quote = truncate(squash(text ?? ''), MAX_QUOTE_CHARS).replace(
    /"/g,
    "'",
  );
  return `${label}: "${quote}"${/[.!?…]$/.test(quote) ? '' : '.'}`;
}
