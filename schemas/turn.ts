import * as z from 'zod';
import {
  ConversationIdSchema,
  IsoDateSchema,
  SegmentSchema,
  TenantIdSchema,
} from './ids';
import { CitationSchema } from './message';

/**
 * Where a turn goes after understand: `answer` retrieves knowledge and asks
 * the model (tools offered); `tool` asks the model without retrieving;
 * `handoff` goes to a person; `smalltalk` delivers the reply understand
 * wrote, with no retrieval and no model call.
 */
export const RouteSchema = z.enum(['answer', 'tool', 'handoff', 'smalltalk']);
export type Route = z.infer<typeof RouteSchema>;

/** An intent label with the classifier's confidence in it. */
export const IntentScoreSchema = z.object({
  intent: z.string().min(1).max(100),
  confidence: z.number().min(0).max(1),
});
export type IntentScore = z.infer<typeof IntentScoreSchema>;

export const PassageSchema = z.object({
  id: z.string().min(1).max(200),
  documentId: z.string().min(1).max(200),
  title: z.string().max(300),
  url: z.string().max(2000).optional(),
  text: z.string().max(8000),
  score: z.number(),
});
export type Passage = z.infer<typeof PassageSchema>;

export const ModelUsageSchema = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  calls: z.number().int().min(0),
});
export type ModelUsage = z.infer<typeof ModelUsageSchema>;

/**
 * Where a tool call stands. `requested`: the model asked, act has not
 * decided; `succeeded`/`failed`: it ran; `rejected`: it may not run (unknown,
 * not enabled, invalid input). A call that changes data first waits for
 * the customer's yes (`awaiting_confirmation`; a no makes it `declined`),
 * then, when it needs one, for a person's approval (`awaiting_approval`;
 * a refusal or no decision in time makes it `refused`).
 */
export const ToolCallStatusSchema = z.enum([
  'requested',
  'succeeded',
  'rejected',
  'failed',
  'awaiting_confirmation',
  'declined',
  'awaiting_approval',
  'refused',
]);
export type ToolCallStatus = z.infer<typeof ToolCallStatusSchema>;

export const ToolCallSchema = z.object({
  /** The model's toolUseId. */
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(64),
  input: z.record(z.string(), z.unknown()),
  status: ToolCallStatusSchema,
  /** Set on a call that changes data once the customer said yes to it. */
  confirmed: z.boolean().optional(),
  /** The approval a person decides on, for a call that needs one. */
  approvalId: z.string().max(120).optional(),
  /** Size-bounded JSON text of the result or the error. */
  result: z.string().max(16_000).optional(),
  round: z.number().int().min(1),
  latencyMs: z.number().min(0).optional(),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

/** Everything the workflow did to answer one batch of customer messages. */
export const TurnRecordSchema = z.object({
  tenantId: TenantIdSchema,
  conversationId: ConversationIdSchema,
  segment: SegmentSchema,
  /** Turn index within the segment's execution, from 1. */
  index: z.number().int().min(1),
  /** Sequences of the customer messages this turn answers. */
  sequences: z.array(z.number().int().min(1)).min(1),
  intent: z.string().max(100),
  confidence: z.number().min(0).max(1),
  /** The classifier's second choice, when it had one. */
  runnerUp: IntentScoreSchema.optional(),
  route: RouteSchema,
  /** BCP 47 code of the language the customer wrote in. */
  language: z.string().max(10),
  passages: z.array(PassageSchema).default([]),
  toolCalls: z.array(ToolCallSchema).default([]),
  /** Rounds of model ⇄ tool calls so far. */
  toolRounds: z.number().int().min(0).default(0),
  usage: ModelUsageSchema.default({
    inputTokens: 0,
    outputTokens: 0,
    calls: 0,
  }),
  /**
   * The reply awaiting delivery: written by respond, or by understand for
   * small talk.
   */
  reply: z
    .object({
      text: z.string().max(16_000),
      citations: z.array(CitationSchema).default([]),
      offlineModel: z.boolean().default(false),
    })
    .optional(),
  /** Milliseconds per step, for latency analysis. */
  latencyMs: z.record(z.string(), z.number().min(0)).default({}),
  startedAt: IsoDateSchema,
  deliveredAt: IsoDateSchema.optional(),
});
export type TurnRecord = z.infer<typeof TurnRecordSchema>;
