import * as z from 'zod';
import { TenantIdSchema } from './ids';

/**
 * A tenant's guardrail: what Amazon Bedrock Guardrails (or the local
 * runtime's stand-in) blocks on every model call, in either direction.
 */

/** How readily a filter blocks; `HIGH` blocks the most. */
export const FilterStrengthSchema = z.enum(['LOW', 'MEDIUM', 'HIGH']);

/** A subject the assistant must not discuss (a Bedrock `DENY` topic). */
export const DeniedTopicSchema = z.object({
  /** Short name, as Bedrock allows: letters, digits, spaces and `-_!?.` */
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[0-9a-zA-Z\-_ !?.]+$/, {
      message: 'name may hold only letters, digits, spaces and "-_!?."',
    }),
  /** What the topic covers, in a sentence. */
  definition: z.string().min(1).max(200),
  /** Up to five customer messages that belong to the topic. */
  examples: z.array(z.string().min(1).max(100)).max(5).default([]),
});

/** Said instead of a blocked request or answer, when none is configured. */
export const DEFAULT_BLOCKED_MESSAGE =
  "Sorry, I can't help with that. Is there anything else I can do for you?";

export const GuardrailSettingsSchema = z.object({
  /** Subjects blocked in customer messages and in the model's answers. */
  deniedTopics: z
    .array(DeniedTopicSchema)
    .max(30)
    .refine(
      (topics) =>
        new Set(topics.map((t) => t.name.toLowerCase())).size === topics.length,
      { message: 'deniedTopics must have distinct names' },
    )
    .default([]),
  /** Strength of the sexual, violence, hate, insults and misconduct filters. */
  contentFilterStrength: FilterStrengthSchema.default('HIGH'),
  /** Strength of the prompt-attack filter (customer messages only). */
  promptAttackStrength: FilterStrengthSchema.default('HIGH'),
  /** What the customer reads when the guardrail blocks a request or answer. */
  blockedMessage: z.string().min(1).max(500).default(DEFAULT_BLOCKED_MESSAGE),
});

/**
 * Name of the environment variable that tells the model-calling functions
 * which guardrail each tenant uses: JSON of `GuardrailMap`.
 */
export const GUARDRAILS_ENV = 'GUARDRAILS';

/** A deployed guardrail: its id and numeric version (or `DRAFT`). */
export const GuardrailRefSchema = z.object({
  id: z.string().min(1).max(2048),
  version: z.string().regex(/^(?:[1-9][0-9]{0,7}|DRAFT)$/, {
    message: 'version must be a guardrail version number or DRAFT',
  }),
});

/**
 * Tenant id → its guardrail. Once the map is set, a tenant it leaves out
 * gets no model call at all.
 */
export const GuardrailMapSchema = z.record(TenantIdSchema, GuardrailRefSchema);

export type FilterStrength = z.infer<typeof FilterStrengthSchema>;
export type DeniedTopic = z.infer<typeof DeniedTopicSchema>;
export type GuardrailSettings = z.infer<typeof GuardrailSettingsSchema>;
export type GuardrailRef = z.infer<typeof GuardrailRefSchema>;
export type GuardrailMap = z.infer<typeof GuardrailMapSchema>;
