/** Days conversation items are kept after their last write. */
const DEFAULT_RETENTION_DAYS = 400;

/**
 * Epoch seconds at which an item written `now` expires. Every write of a
 * conversation item renews its own expiry, so a message-id claim lives as
 * long as its conversation is kept.
 */
export function expiresAt(now: Date): number {
  const days =
    Number(process.env.CONVERSATION_RETENTION_DAYS) || DEFAULT_RETENTION_DAYS;
  return Math.floor(now.getTime() / 1000) + days * 86_400;
}
