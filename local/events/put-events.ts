import type { EventEnvelope } from './bus';

/**
 * PutEvents as EventBridge performs it: request-level checks fail the whole
 * call; each entry is then accepted (and given an id) or rejected with an
 * ErrorCode, in request order.
 */

/** Entries one call may carry. */
export const MAX_ENTRIES = 10;
/** Size limit of one call's entries, measured the way EventBridge does. */
export const MAX_ENTRIES_BYTES = 256 * 1024;

export interface PutEventsEnvironment {
  readonly region: string;
  readonly account: string;
  readonly now: () => Date;
  readonly newId: () => string;
}

export type ResultEntry =
  | { readonly EventId: string }
  | { readonly ErrorCode: string; readonly ErrorMessage: string };

export interface PutEventsOutcome {
  readonly response: {
    readonly FailedEntryCount: number;
    readonly Entries: readonly ResultEntry[];
  };
  /** Accepted events, with the bus each was put on. */
  readonly accepted: readonly {
    readonly eventBusName: string;
    readonly event: EventEnvelope;
  }[];
}

/** A request-level failure: the whole call is rejected. */
export class PutEventsValidationError extends Error {
  override readonly name = 'ValidationException';
}

type Entry = Record<string, unknown>;

/** Validates a PutEvents body and builds the response and the events. */
export function putEvents(
  body: unknown,
  env: PutEventsEnvironment,
): PutEventsOutcome {
  const entries = readEntries(body);
  const total = entries.reduce((sum, e) => sum + entrySize(e), 0);
  if (total > MAX_ENTRIES_BYTES) {
    throw new PutEventsValidationError(
      'Total size of the entries in the request is over the limit.',
    );
  }

  const accepted: PutEventsOutcome['accepted'][number][] = [];
  const results = entries.map((entry): ResultEntry => {
    const problem = entryProblem(entry);
    if (problem) return problem;
    const event = envelope(entry, env);
    accepted.push({ eventBusName: busName(entry.EventBusName), event });
    return { EventId: event.id };
  });
  return {
    response: {
      FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length,
      Entries: results,
    },
    accepted,
  };
}

function readEntries(body: unknown): Entry[] {
  const entries = (body as { Entries?: unknown } | null)?.Entries;
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new PutEventsValidationError(
      "1 validation error detected: Value at 'entries' failed to satisfy " +
        'constraint: Member must have length greater than or equal to 1',
    );
  }
  if (entries.length > MAX_ENTRIES) {
    throw new PutEventsValidationError(
      "1 validation error detected: Value at 'entries' failed to satisfy " +
        'constraint: Member must have length less than or equal to ' +
        String(MAX_ENTRIES),
    );
  }
  return entries.map((e) => (e && typeof e === 'object' ? (e as Entry) : {}));
}

function entryProblem(entry: Entry): ResultEntry | undefined {
  for (const field of ['Source', 'DetailType', 'Detail'] as const) {
    const value = entry[field];
    if (typeof value !== 'string' || value.length === 0) {
      return invalid(
        `Parameter ${field} is not valid. ` +
          `Reason: ${field} is a required argument.`,
      );
    }
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail as string);
  } catch {
    return {
      ErrorCode: 'MalformedDetail',
      ErrorMessage: 'Detail is malformed.',
    };
  }
  if (!detail || typeof detail !== 'object' || Array.isArray(detail)) {
    return {
      ErrorCode: 'MalformedDetail',
      ErrorMessage: 'Detail must be a JSON object.',
    };
  }
  if (entry.Resources !== undefined && !isStringArray(entry.Resources)) {
    return invalid(
      'Parameter Resources is not valid. Reason: Resources must be strings.',
    );
  }
  if (entry.Time !== undefined && readTime(entry.Time) === undefined) {
    return invalid(
      'Parameter Time is not valid. Reason: Time is not a timestamp.',
    );
  }
  return undefined;
}

const invalid = (ErrorMessage: string): ResultEntry => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage,
});

function envelope(entry: Entry, env: PutEventsEnvironment): EventEnvelope {
  const time = readTime(entry.Time) ?? env.now();
  return {
    version: '0',
    id: env.newId(),
    'detail-type': entry.DetailType as string,
    source: entry.Source as string,
    account: env.account,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: env.region,
    resources: isStringArray(entry.Resources) ? entry.Resources : [],
    detail: JSON.parse(entry.Detail as string),
  };
}

/** The SDK sends epoch seconds; ISO strings are accepted too. */
function readTime(value: unknown): Date | undefined {
  const date =
    typeof value === 'number'
      ? new Date(value * 1000)
      : typeof value === 'string'
        ? new Date(value)
        : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** The bus name of a name or ARN; `default` when absent. */
export function busName(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'default';
  return value.startsWith('arn:') ? (value.split('/').at(-1) ?? value) : value;
}

/** Entry size as EventBridge counts it: the UTF-8 bytes of each field. */
export function entrySize(entry: Entry): number {
  const bytes = (v: unknown) =>
    typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0;
  const resources = isStringArray(entry.Resources)
    ? entry.Resources.reduce((sum, r) => sum + bytes(r), 0)
    : 0;
  return (
    (entry.Time !== undefined ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    resources
  );
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');
