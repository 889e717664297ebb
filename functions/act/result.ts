/** Longest JSON text of a tool result stored on the turn. */
export const MAX_RESULT_CHARS = 8000;

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
