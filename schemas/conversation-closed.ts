import * as z from 'zod';
import { ChannelSchema } from './channel';
import {
  ConversationIdSchema,
  CustomerRefSchema,
  IsoDateSchema,
  SegmentSchema,
  TenantIdSchema,
} from './ids';

export const CloseReasonSchema = z.enum([
  'idle',
  'resolved_by_agent',
  'customer_ended',
  'failed',
]);
export type CloseReason = z.infer<typeof CloseReasonSchema>;

/** EventBridge source and detail-type of the event. */
export const CONVERSATION_CLOSED = {
  source: 'frontline.conversations',
  detailType: 'Conversation Closed',
} as const;

/**
 * The `detail` of the event published when a conversation closes. It names
 * the customer by `customerRef` only: the channel's customer id (a phone
 * number, an email) stays on the conversation head.
 */
export const ConversationClosedEventSchema = z.object({
  tenantId: TenantIdSchema,
  conversationId: ConversationIdSchema,
  segment: SegmentSchema,
  /** The customer, pseudonymous: see `CustomerRefSchema`. */
  customerRef: CustomerRefSchema,
  channel: ChannelSchema,
  reason: CloseReasonSchema,
  turns: z.number().int().min(0),
  messages: z.number().int().min(0),
  handedOff: z.boolean(),
  handoffUnanswered: z.boolean(),
  openedAt: IsoDateSchema,
  closedAt: IsoDateSchema,
  /**
   * Key of the segment's redacted transcript on the Conversations table
   * (`schemas/closed-transcript.ts`), the text analytics reads, and how
   * many items it takes (part n > 1 has the key `<sk>#<n>`, n in 3 digits).
   */
  transcript: z
    .object({
      pk: z.string(),
      sk: z.string(),
      parts: z.number().int().min(1),
    })
    .optional(),
});
export type ConversationClosedEvent = z.infer<
  typeof ConversationClosedEventSchema
>;
