import * as z from 'zod';

/** A tenant id: lower-case letters, digits and dashes (no underscore). */
export const TenantIdSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$/, {
    message: 'tenantId must be 1-24 lower-case letters, digits or dashes',
  });

/** A conversation id chosen by the channel: letters, digits, `_` and `-`. */
export const ConversationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,48}$/, {
  message: 'conversationId must be 1-48 letters, digits, "_" or "-"',
});

/** A channel's message id, the idempotency key of an inbound message. */
export const MessageIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, {
  message: 'messageId must be 1-64 letters, digits or "_.:-"',
});

export const CustomerIdSchema = z.string().regex(/^[A-Za-z0-9_.@+-]{1,64}$/, {
  message: 'customerId must be 1-64 letters, digits or "_.@+-"',
});

/** What every pseudonymous customer reference starts with. */
export const CUSTOMER_REF_PREFIX = 'cref_';

/**
 * A pseudonymous customer reference, what analytics sees instead of the
 * customer id: `cref_` and the base64url HMAC-SHA-256 of the tenant id and
 * the customer id, made by KMS under a key that never leaves it. The same
 * customer of the same tenant always gets the same reference; another
 * customer, or the same id at another tenant, gets another. It cannot be
 * turned back into the id, nor computed from a guessed id without KMS.
 */
export const CustomerRefSchema = z
  .string()
  .regex(new RegExp(`^${CUSTOMER_REF_PREFIX}[A-Za-z0-9_-]{43}$`), {
    message: 'customerRef must be "cref_" and 43 base64url characters',
  });

/** Segment of a conversation: a reopened or continued one starts a new one. */
export const SegmentSchema = z.number().int().min(1);

export const IsoDateSchema = z.iso.datetime({ offset: true });

export type TenantId = z.infer<typeof TenantIdSchema>;
export type ConversationId = z.infer<typeof ConversationIdSchema>;
