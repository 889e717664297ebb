import type { ToolView } from './conversation';
import { describeRecord, isRecord } from './record-text';
import { listPhrase, truncate } from './text';
import { argumentLabel } from './tool-arguments';
import type { WireToolResult, WireToolUse } from './wire';

/**
 * Writes the reply to tool results: each result becomes a few plain
 * sentences; an error is explained and the customer is asked to check the
 * details the call used.
 */

const MAX_REPLY_CHARS = 1200;

export interface RenderedResults {
  readonly text: string;
  /** Every result was an error. */
  readonly failed: boolean;
}

/** The reply for the tool results the last user message carries. */
export function answerFromResults(
  results: readonly WireToolResult[],
  uses: ReadonlyMap<string, WireToolUse>,
  tools: readonly ToolView[],
): RenderedResults {
  const rendered = results.map((result) => {
    const use = uses.get(result.toolUseId);
    const payload = readPayload(result);
    const error = errorMessage(result, payload);
    return error === undefined
      ? { failed: false, text: describeSuccess(payload, use) }
      : { failed: true, text: describeError(error, use, tools) };
  });
  const text = rendered
    .map((r) => r.text)
    .filter(Boolean)
    .join(' ');
  return {
    text: truncate(
      text || 'The lookup finished but returned nothing to show.',
      MAX_REPLY_CHARS,
    ),
    failed: rendered.length > 0 && rendered.every((r) => r.failed),
  };
}

/**
 * Values that `find_<argument>_by_…` tools returned successfully, by
 * argument name: `{ user_id: 'ana_silva_1234' }`.
 */
export function foundValues(
  results: readonly WireToolResult[],
  uses: ReadonlyMap<string, WireToolUse>,
): Record<string, string> {
  const entries = results.flatMap((result) => {
    const name = uses.get(result.toolUseId)?.name ?? '';
    const argument = /^find_(.+?)_by_/.exec(name)?.[1];
    const payload = readPayload(result);
    const ok = errorMessage(result, payload) === undefined;
    return argument && ok && typeof payload === 'string' && payload
      ? [[argument, payload] as const]
      : [];
  });
  return Object.fromEntries(entries);
}

/**
 * The result's value: JSON blocks as they are, text parsed when JSON. A
 * value that is not an object arrives wrapped as `{ "result": value }`.
 */
export function readPayload(result: WireToolResult): unknown {
  const json = result.content.find((c) => c.json !== undefined)?.json;
  const text = result.content
    .flatMap((c) => (typeof c.text === 'string' ? [c.text] : []))
    .join('\n')
    .trim();
  const value =
    json === undefined
      ? parse(text)
      : typeof json === 'string'
        ? parse(json)
        : json;
  const wrapped = isRecord(value) && Object.keys(value).join() === 'result';
  return wrapped ? value.result : value;
}

function parse(text: string): unknown {
  if (!/^[[{"]/.test(text.trim())) return text.trim();
  try {
    return JSON.parse(text);
  } catch {
    return text.trim();
  }
}

/** The error a result reports, or `undefined` when it succeeded. */
export function errorMessage(
  result: WireToolResult,
  payload: unknown,
): string | undefined {
  const raw =
    typeof payload === 'string'
      ? payload
      : isRecord(payload) && typeof payload.error === 'string'
        ? payload.error
        : isRecord(payload) && typeof payload.message === 'string'
          ? payload.message
          : '';
  const flagged = result.status === 'error' || /^error\b/i.test(raw);
  if (!flagged) return undefined;
  return raw.replace(/^error\s*:?\s*/i, '').trim() || 'the lookup failed';
}

function describeError(
  message: string,
  use: WireToolUse | undefined,
  tools: readonly ToolView[],
): string {
  const schema = tools.find((t) => t.name === use?.name)?.schema;
  const keys = isRecord(use?.input) ? Object.keys(use.input) : [];
  const labels = keys.map((k) =>
    argumentLabel(k, schema?.properties?.[k]).replace(/ \(.*\)$/, ''),
  );
  const ask =
    labels.length > 0
      ? `Could you check your ${listPhrase(labels)} and send ${
          labels.length > 1 ? 'them' : 'it'
        } again?`
      : 'Could you give me the details again so I can retry?';
  return `I could not complete that lookup: ${truncate(message, 200)}. ${ask}`;
}

function describeSuccess(
  payload: unknown,
  use: WireToolUse | undefined,
): string {
  const name = use?.name ?? '';
  const found = /^find_(.+?)_by_/.exec(name)?.[1];
  if (name === 'calculate' && typeof payload === 'string') {
    return `That comes to ${payload}.`;
  }
  if (typeof payload === 'string' || typeof payload === 'number') {
    return found
      ? `I found your ${argumentLabel(found)}: ${payload}.`
      : `The lookup returned: ${truncate(String(payload), 400)}.`;
  }
  if (isRecord(payload) && payload.truncated === true) {
    return 'The lookup returned more than I can show here.';
  }
  if (Array.isArray(payload)) return describeList(payload, noun(name));
  if (isRecord(payload)) return describeRecord(payload, noun(name));
  return '';
}

function describeList(items: readonly unknown[], what: string): string {
  if (items.length === 0) return `I found no ${what}.`;
  const scalars = items.filter((i) => typeof i !== 'object');
  if (scalars.length === items.length) {
    return `Here are the ${what}: ${items.map(String).join(', ')}.`;
  }
  return items
    .slice(0, 3)
    .map((i) => (isRecord(i) ? describeRecord(i, what) : String(i)))
    .join(' ');
}

/** "product types" from `list_all_product_types`. */
function noun(toolName: string): string {
  const words = toolName
    .replace(/^(get|list|find|search)_(all_)?/, '')
    .replace(/_/g, ' ')
    .trim();
  return words || 'results';
}
