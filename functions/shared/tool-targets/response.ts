import { ToolError } from '../store/errors';

/** Most bytes of a backend's answer that are read. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** Longest backend error text passed on to the model. */
const MAX_ERROR_CHARS = 200;

/** The first `limit` bytes of a body, and whether there were more. */
export interface BoundedBody {
  readonly text: string;
  readonly truncated: boolean;
}

/**
 * Reads at most `limit` bytes of a fetch response body, then stops the
 * transfer, so a backend cannot make the function hold a large answer.
 */
export async function readBounded(
  response: Response,
  limit = MAX_RESPONSE_BYTES,
): Promise<BoundedBody> {
  const reader = response.body?.getReader();
  if (!reader) return { text: '', truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { text: decode(chunks, limit), truncated: true };
    }
  }
  return { text: decode(chunks, size), truncated: false };
}

function decode(chunks: Uint8Array[], limit: number): string {
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/**
 * The JSON value of a successful answer: `null` for an empty one, and a
 * `ToolError` for one too large or not JSON.
 */
export function jsonResult(toolName: string, body: BoundedBody): unknown {
  if (body.truncated) {
    throw new ToolError(
      `${toolName} answered with more than ${MAX_RESPONSE_BYTES / 1024} KB`,
    );
  }
  if (body.text.trim() === '') return null;
  try {
    return JSON.parse(body.text);
  } catch {
    throw new ToolError(`${toolName} answered with something other than JSON`);
  }
}

/**
 * A short, single-line version of what a backend said about an error:
 * the `message`, `error` or `detail` of a JSON answer, or its text, cut
 * to 200 characters without control characters.
 */
export function shortMessage(text: string): string {
  let message = text;
  try {
    message = messageOf(JSON.parse(text)) ?? text;
  } catch {
    // Not JSON: the text itself is the message.
  }
  const flat = message
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > MAX_ERROR_CHARS
    ? `${flat.slice(0, MAX_ERROR_CHARS - 1)}…`
    : flat;
}

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  for (const key of ['message', 'errorMessage', 'error', 'detail']) {
    const found = messageOf(fields[key]);
    if (found) return found;
  }
  return undefined;
}
