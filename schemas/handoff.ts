import * as z from 'zod';
import {
  ConversationIdSchema,
  IsoDateSchema,
  SegmentSchema,
  TenantIdSchema,
} from './ids';

export const HandoffStatusSchema = z.enum([
  'open',
  'resolved',
  'handed_back',
  'expired',
]);
export type HandoffStatus = z.infer<typeof HandoffStatusSchema>;

export const HandoffReasonSchema = z.enum([
  'customer_request',
  'model_failure',
  'step_failure',
  'assistant_offer',
]);

/** A conversation waiting on a human. */
export const HandoffSchema = z.object({
  tenantId: TenantIdSchema,
  handoffId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
  conversationId: ConversationIdSchema,
  segment: SegmentSchema,
  status: HandoffStatusSchema,
  reason: HandoffReasonSchema,
  /** Short summary written by the assistant for the agent. */
  summary: z.string().max(2000),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
  /** Who resolved or handed back, from the agent's credentials. */
  agentId: z.string().max(200).optional(),
  /** The agent's note to the assistant on hand-back. */
  note: z.string().max(2000).optional(),
  /**
   * The decision an agent is making, recorded before the workflow is told,
   * so that no other request takes the end of the wait for an expiry.
   */
  deciding: z
    .object({
      outcome: z.enum(['resolved', 'handed_back']),
      agentId: z.string().max(200),
      at: IsoDateSchema,
    })
    .optional(),
});
export type Handoff = z.infer<typeof HandoffSchema>;

/** The agent's decision, sent as the handoff task's output. */
export const HandoffDecisionSchema = z.object({
  outcome: z.enum(['resolved', 'handed_back']),
  handoffId: HandoffSchema.shape.handoffId,
});
export type HandoffDecision = z.infer<typeof HandoffDecisionSchema>;
