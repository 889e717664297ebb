import * as z from 'zod';
import {
  ConversationIdSchema,
  IsoDateSchema,
  SegmentSchema,
  TenantIdSchema,
} from './ids';
import { PageQuerySchema } from './paging';

export const ApprovalStatusSchema = z.enum([
  'pending',
  'approved',
  'refused',
  'expired',
]);
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>;

/** `<conversationId>-<segment>-<turn index>-<call position>`. */
export const ApprovalIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,120}$/);

/**
 * A change the customer confirmed that waits for a person's approval. Once
 * decided it is never changed again: it is the audit record of who decided
 * what, when and why.
 */
export const ApprovalSchema = z.object({
  tenantId: TenantIdSchema,
  approvalId: ApprovalIdSchema,
  conversationId: ConversationIdSchema,
  segment: SegmentSchema,
  /** The turn and the tool call that wait. */
  index: z.number().int().min(1),
  callId: z.string().min(1).max(100),
  tool: z.string().min(1).max(64),
  /** The call's arguments as the model gave them (personal data masked). */
  input: z.record(z.string(), z.unknown()),
  /** The change in words, as the customer confirmed it. */
  change: z.string().min(1).max(1000),
  /** Money the change would refund, in cents. */
  refundCents: z.number().int().min(0),
  /** Why a person must decide. */
  reason: z.enum(['risk', 'refund_threshold']),
  status: ApprovalStatusSchema,
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
  /** Who decided, from the agent's credentials and stated name. */
  decidedBy: z.string().max(200).optional(),
  decidedAt: IsoDateSchema.optional(),
  /** The agent's reason, shown to the assistant (and so the customer). */
  note: z.string().max(1000).optional(),
});
export type Approval = z.infer<typeof ApprovalSchema>;

/** What an agent sends to decide an approval. */
export const ApprovalDecisionRequestSchema = z.object({
  decision: z.enum(['approve', 'refuse']),
  /**
   * The agent's name for the audit record: required with the shared agent
   * token, ignored with an agent's own (its credential names the agent).
   */
  agentName: z.string().trim().min(1).max(100).optional(),
  note: z.string().trim().max(1000).optional(),
});
export type ApprovalDecisionRequest = z.infer<
  typeof ApprovalDecisionRequestSchema
>;

export const ListApprovalsQuerySchema = z.strictObject({
  status: ApprovalStatusSchema.default('pending'),
  ...PageQuerySchema.shape,
});
