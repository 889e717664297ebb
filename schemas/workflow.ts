import * as z from 'zod';
import { CloseReasonSchema } from './conversation-closed';
import { HandoffReasonSchema } from './handoff';
import { ConversationIdSchema, SegmentSchema, TenantIdSchema } from './ids';
import { RouteSchema } from './turn';

/**
 * Payloads the conversation workflow hands its Lambda functions, and what
 * each returns. The workflow (`workflows/conversation.asl.json`) builds them
 * with `Parameters`; they carry ids, never transcripts.
 */
const ConversationRef = {
  tenantId: TenantIdSchema,
  conversationId: ConversationIdSchema,
  segment: SegmentSchema,
};

/** Task token: a secret, only ever stored in the backend's tables. */
const TaskTokenSchema = z.string().min(1).max(4096);

/** Per-execution limits, copied from the tenant configuration at start. */
export const ExecutionLimitsSchema = z.object({
  idleTimeoutSeconds: z.number().int().min(1),
  handoffTimeoutSeconds: z.number().int().min(1),
  handoffHeartbeatSeconds: z.number().int().min(1),
  approvalTimeoutSeconds: z.number().int().min(1),
});
export type ExecutionLimits = z.infer<typeof ExecutionLimitsSchema>;

/** Input of an execution: one segment of a conversation. */
export const ExecutionInputSchema = z.object({
  ...ConversationRef,
  /**
   * The ARN the execution was started on (the alias on AWS), so that a
   * continued conversation runs the same published version.
   */
  stateMachineArn: z.string().min(1).max(256),
  /** `message`: a customer message waits; `await`: wait for one first. */
  start: z.enum(['message', 'await']),
  limits: ExecutionLimitsSchema,
  turn: z.object({ index: z.literal(0) }),
});
export type ExecutionInput = z.infer<typeof ExecutionInputSchema>;

export const UnderstandInputSchema = z.object({
  ...ConversationRef,
  /** Index of the execution's previous turn (0 before the first). */
  previousIndex: z.number().int().min(0),
});
export type UnderstandInput = z.infer<typeof UnderstandInputSchema>;

export const UnderstandOutputSchema = z.object({
  index: z.number().int().min(1),
  route: RouteSchema,
  intent: z.string(),
  confidence: z.number().min(0).max(1),
  /** BCP 47 code of the language the customer wrote in. */
  language: z.string().max(10),
  /** True when this execution should hand over to a fresh one after the turn. */
  continueAfter: z.boolean(),
  nextSegment: SegmentSchema,
  nextExecutionName: z.string().min(1).max(80),
});
export type UnderstandOutput = z.infer<typeof UnderstandOutputSchema>;

/** Input of retrieve, respond and act: the turn to work on. */
export const TurnStepInputSchema = z.object({
  ...ConversationRef,
  index: z.number().int().min(1),
});
export type TurnStepInput = z.infer<typeof TurnStepInputSchema>;

export const RespondOutputSchema = z.object({
  action: z.enum(['reply', 'tool', 'handoff']),
  /** Why a handoff is wanted; `none` otherwise. */
  reason: z.union([HandoffReasonSchema, z.literal('none')]),
});
export type RespondOutput = z.infer<typeof RespondOutputSchema>;

export const ActOutputSchema = z.object({
  /** Tool calls decided by this invocation. */
  ran: z.number().int().min(0),
  /** True when a call now waits for a person's approval. */
  approval: z.boolean(),
});
export type ActOutput = z.infer<typeof ActOutputSchema>;

/** Opens the approval a confirmed change waits for, or marks it expired. */
export const ApprovalInputSchema = z.discriminatedUnion('action', [
  z.object({
    ...ConversationRef,
    index: z.number().int().min(1),
    action: z.literal('open'),
    taskToken: TaskTokenSchema,
  }),
  z.object({
    ...ConversationRef,
    index: z.number().int().min(1),
    action: z.literal('expire'),
  }),
]);
export type ApprovalInput = z.infer<typeof ApprovalInputSchema>;

export const DeliverInputSchema = z.object({
  ...ConversationRef,
  /** Turn whose reply to deliver; 0 when no turn ran (an early apology). */
  index: z.number().int().min(0),
  kind: z.enum(['reply', 'apology']).default('reply'),
  /** Present when the workflow parks after delivering. */
  taskToken: TaskTokenSchema.optional(),
});
export type DeliverInput = z.infer<typeof DeliverInputSchema>;

export const AwaitCustomerInputSchema = z.object({
  ...ConversationRef,
  taskToken: TaskTokenSchema,
});
export type AwaitCustomerInput = z.infer<typeof AwaitCustomerInputSchema>;

/** Output sent with SendTaskSuccess when a customer message wakes a wait. */
export const WakeSchema = z.object({
  reason: z.literal('message'),
  sequence: z.number().int().min(1),
});
export type Wake = z.infer<typeof WakeSchema>;

export const HandoffInputSchema = z.discriminatedUnion('action', [
  z.object({
    ...ConversationRef,
    index: z.number().int().min(0),
    action: z.literal('open'),
    reason: HandoffReasonSchema,
    taskToken: TaskTokenSchema,
  }),
  z.object({
    ...ConversationRef,
    index: z.number().int().min(0),
    action: z.literal('expire'),
    reason: HandoffReasonSchema,
  }),
]);
export type HandoffInput = z.infer<typeof HandoffInputSchema>;

export const CloseInputSchema = z.object({
  ...ConversationRef,
  reason: CloseReasonSchema,
});
export type CloseInput = z.infer<typeof CloseInputSchema>;
