import * as z from 'zod';
import { ChannelSchema } from './channel';
import {
  ConversationIdSchema,
  CustomerIdSchema,
  IsoDateSchema,
  SegmentSchema,
  TenantIdSchema,
} from './ids';

/**
 * `active`: the assistant is handling it; `handoff`: a human holds it;
 * `closed`: ended (a later message reopens it as a new segment).
 */
export const ConversationStatusSchema = z.enum(['active', 'handoff', 'closed']);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;

/** The conversation's head item: one per conversation. */
export const ConversationSchema = z.object({
  tenantId: TenantIdSchema,
  conversationId: ConversationIdSchema,
  customerId: CustomerIdSchema,
  channel: ChannelSchema,
  status: ConversationStatusSchema,
  /** Segment whose execution is (or was last) running. */
  segment: SegmentSchema,
  /** SHA-256 (hex) of the customer's bearer token; the token is never kept. */
  customerTokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Highest sequence number given to a message. */
  lastSequence: z.number().int().min(0),
  /** Highest customer message sequence that a delivered reply answered. */
  lastAnswered: z.number().int().min(0),
  /** Turns completed over all segments. */
  turns: z.number().int().min(0),
  /**
   * Task token of the wait the workflow is parked in, if any. A secret: it
   * never leaves the backend.
   */
  waitToken: z.string().min(1).optional(),
  /** What the parked workflow waits for. */
  waitKind: z.enum(['customer']).optional(),
  /** Set when a handoff found nobody in time and the assistant went on. */
  handoffUnanswered: z.boolean().default(false),
  /**
   * Set once a handoff opened, in any segment; like `handoffUnanswered` it
   * is never cleared. The conversation-closed event reports it.
   */
  handedOff: z.boolean().optional(),
  /**
   * A change the assistant asked the customer to confirm: the turn and the
   * tool call that waits for a yes. Only the customer's next turn can
   * confirm it; any turn clears it.
   */
  pendingConfirmation: z
    .object({
      segment: SegmentSchema,
      index: z.number().int().min(1),
      callId: z.string().min(1).max(100),
      askedAt: IsoDateSchema,
    })
    .optional(),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
  closedAt: IsoDateSchema.optional(),
});
export type Conversation = z.infer<typeof ConversationSchema>;
