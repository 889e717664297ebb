import { createHash } from 'node:crypto';
import type { AppliedWrite } from '../../../schemas/store';
import { ConflictError } from '../errors';

/**
 * The log of write calls kept on users and orders (`writes`), which makes
 * write tools idempotent: a call carrying an idempotency key records it on
 * the record it changed, and the same call repeated finds it there.
 */

/**
 * Entries kept per record. A key older than the last 20 writes of its
 * record is forgotten, so a call repeated after that many later writes
 * runs again; the workflow repeats calls within seconds, not after 20
 * further changes of one order.
 */
export const MAX_APPLIED_WRITES = 20;

/** What identifies one call: its tool and input, hashed. */
export function fingerprint(tool: string, input: unknown): string {
  return createHash('sha256')
    .update(`${tool}\n${JSON.stringify(input)}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * The entry of `key` on a record, if the call was applied. Throws
 * `ConflictError` when the key was used for a different call: returning
 * that call's result would hide the mistake.
 */
export function appliedWrite(
  record: { readonly writes?: readonly AppliedWrite[] },
  key: string,
  print: string,
): AppliedWrite | undefined {
  const entry = record.writes?.find((write) => write.key === key);
  if (entry && entry.fingerprint !== print) {
    throw new ConflictError(
      'The idempotency key was already used for a different call',
    );
  }
  return entry;
}

/** The record with `entry` appended to its log, keeping the latest ones. */
export function withAppliedWrite<T extends { writes?: AppliedWrite[] }>(
  record: T,
  entry: AppliedWrite | undefined,
): T {
  if (!entry) return record;
  const writes = [...(record.writes ?? []), entry];
  return { ...record, writes: writes.slice(-MAX_APPLIED_WRITES) };
}
