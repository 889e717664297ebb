import { redact } from './redact';
import { PiiVault } from './vault';

/**
 * Keys Powertools fills from the runtime, never from customers, at the top
 * of each log line. There they are left untouched so that request ids and
 * ARNs always read as written; the same names deeper in a line are data
 * like any other.
 */
const STANDARD_KEYS: ReadonlySet<string> = new Set([
  'level',
  'timestamp',
  'service',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'sampling_rate',
  'xray_trace_id',
]);

/** Integers below this have fewer digits than any card number. */
const SMALLEST_CARD_NUMBER = 1e12;

/** Placeholders are numbered per log line, so one card reads alike in it. */
let lineVault = new PiiVault();
/** The log line being written: its own keys are the standard ones. */
let lineRoot: unknown;

/**
 * A JSON replacer for the Powertools Logger (`jsonReplacerFn`): every
 * string in a log line, at any depth, goes through `redact`, except the
 * line's own standard keys (`STANDARD_KEYS`, at the top). That covers
 * the message, appended keys, extra attributes, and errors, which Powertools
 * turns into `{ name, message, stack, cause, … }` before their strings reach
 * this function. Integers of 13 digits or more are checked too, as a card
 * may arrive as a number. Object keys are not rewritten, and text that holds
 * no detectable personal data passes as it is: log ids and lengths, never
 * customer text.
 */
export function redactLogValue(key: string, value: unknown): unknown {
  if (key === '') {
    lineVault = new PiiVault();
    lineRoot = value;
  }
  if (isStandardKey(key, value)) return value;

  if (typeof value === 'string') return redact(value, lineVault).text;
  if (
    (typeof value === 'number' &&
      Number.isInteger(value) &&
      Math.abs(value) >= SMALLEST_CARD_NUMBER) ||
    typeof value === 'bigint'
  ) {
    const redacted = redact(String(value), lineVault);
    return redacted.entities.length > 0 ? redacted.text : value;
  }
  return value;
}

/**
 * Whether `key` is one of the line's own standard keys. Powertools calls
 * the replacer without its holder object, so a key counts as the line's
 * own when the line holds this very value under it: a nested `service`
 * with other text is redacted, one repeating the line's own value is the
 * runtime's and stays.
 */
function isStandardKey(key: string, value: unknown): boolean {
  if (!STANDARD_KEYS.has(key)) return false;
  if (typeof lineRoot !== 'object' || lineRoot === null) return false;
  return (
    Object.hasOwn(lineRoot, key) &&
    (lineRoot as Record<string, unknown>)[key] === value
  );
}

/** Causes followed at most this deep, against cyclic `cause` chains. */
const MAX_CAUSE_DEPTH = 8;

/**
 * Redacts an error's message and stack in place, and its causes', keeping
 * its class and name: Step Functions matches Retry and Catch on the name,
 * and the Lambda runtime writes message and stack to the function's log
 * when a handler throws. A thrown string is returned redacted.
 */
export function redactError(error: unknown): unknown {
  if (typeof error === 'string') return redact(error).text;
  const vault = new PiiVault();
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
    if (!(current instanceof Error)) break;
    rewrite(current, 'message', vault);
    rewrite(current, 'stack', vault);
    current = current.cause;
  }
  return error;
}

function rewrite(error: Error, field: 'message' | 'stack', vault: PiiVault) {
  const value = error[field];
  if (typeof value !== 'string') return;
  const redacted = redact(value, vault);
  if (redacted.entities.length === 0) return;
  try {
    error[field] = redacted.text;
  } catch {
    // A frozen error keeps its text; the log replacer still redacts it.
  }
}
