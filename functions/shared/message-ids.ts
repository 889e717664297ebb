import { createHash } from 'node:crypto';

/** The message schema's bound on a message id. */
const MAX_MESSAGE_ID_CHARS = 64;

/**
 * A deterministic message id for an outbound message derived from other
 * ids. When `prefix + key` would exceed the 64 characters a message id may
 * have (long conversation ids), the key is replaced by a prefix of its
 * SHA-256, which stays deterministic, so retries still deduplicate.
 */
export function derivedMessageId(prefix: string, key: string): string {
  const id = `${prefix}${key}`;
  if (id.length <= MAX_MESSAGE_ID_CHARS) return id;
  const digest = createHash('sha256').update(key).digest('hex');
  return `${prefix}${digest.slice(0, MAX_MESSAGE_ID_CHARS - prefix.length)}`;
}
