import type { ToolCall } from '../../schemas/turn';

/** Longest JSON text of a tool result stored on the turn. */
export const MAX_RESULT_CHARS = 8000;

/**
 * Bytes (UTF-8) the results of one turn's tool calls may take together:
 * 256 KB, leaving the rest of DynamoDB's 400 KB item limit to the turn's
 * other fields. Eight rounds of eight calls of `MAX_RESULT_CHARS` each, or
 * results in multi-byte text, could pass the limit without it.
 */
export const MAX_TURN_RESULT_BYTES = 256 * 1024;

/** Shortest cut worth keeping: room for the note and some of the result. */
const MIN_CUT_CHARS = 500;

/** What a result becomes when the turn's budget has no room for it. */
export const TURN_RESULTS_FULL = JSON.stringify({
  truncated: true,
  note:
    "This turn's tool results are full, so this one was not kept. Answer " +
    'with what you have; the customer can ask again in a new message.',
});

/**
 * `calls[position]` with its result cut to what is left of the turn's
 * budget once the other calls' results are counted. A call keeps its
 * status: a change that ran has run, however little of its answer fits.
 */
export function withinTurnBudget(
  calls: readonly ToolCall[],
  position: number,
): ToolCall {
  const call = calls[position];
  if (!call) throw new RangeError(`No tool call at ${position}`);
  if (call.result === undefined) return call;
  const used = calls.reduce(
    (sum, other, i) =>
      i === position || other.result === undefined
        ? sum
        : sum + Buffer.byteLength(other.result),
    0,
  );
  const left = MAX_TURN_RESULT_BYTES - used;
  if (Buffer.byteLength(call.result) <= left) return call;

  // A UTF-16 code unit takes at most three bytes of UTF-8.
  const chars = Math.floor(left / 3);
  const result =
    chars >= MIN_CUT_CHARS
      ? boundedJson(parsed(call.result), chars)
      : TURN_RESULTS_FULL;
  return { ...call, result };
}

/** The value a stored result holds: JSON, or plain text as it is. */
function parsed(result: string): unknown {
  try {
    return JSON.parse(result);
  } catch {
    return result;
  }
}

/**
 * JSON text of a tool result, at most `limit` characters. A longer result
 * is replaced by an object that says it was cut and carries the start of
 * the original text, so the stored text stays valid JSON and the model
 * knows it saw only part of the answer. `limit` must leave room for that
 * note (about 150 characters).
 */
export function boundedJson(value: unknown, limit = MAX_RESULT_CHARS): string {
  const text = JSON.stringify(value) ?? 'null';
  if (text.length <= limit) return text;

  // Escaping makes the kept text longer once quoted: search for the
  // longest beginning that still fits.
  let [low, high] = [0, limit];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (truncatedJson(text, mid, limit).length <= limit) low = mid;
    else high = mid - 1;
  }
  return truncatedJson(text, low, limit);
}

function truncatedJson(text: string, keep: number, limit: number): string {
  let end = Math.max(0, keep);
  // Never split a surrogate pair: half a character is not valid text.
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;

  return JSON.stringify({
    truncated: true,
    note:
      `The result had ${text.length} characters and was cut to fit ` +
      `${limit}; "partial" holds its beginning. Ask for something narrower.`,
    partial: text.slice(0, end),
  });
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
