import * as z from 'zod';

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
 * whether every model call runs under its tenant's guardrail: set to
 * `GUARDRAILS_REQUIRED`, a tenant without one gets no model call at all;
 * unset or empty, calls are made without guardrails (the local runtime
 * against Amazon Bedrock without a guardrail).
 */
export const GUARDRAILS_ENV = 'GUARDRAILS';
export const GUARDRAILS_REQUIRED = 'required';

/**
 * A deployed guardrail: its id and numeric version (or `DRAFT`). Stored
 * beside the tenant's configuration, as the item's `guardrail` attribute,
 * by whatever deployed the guardrail.
 */
export const GuardrailRefSchema = z.object({
  id: z.string().min(1).max(2048),
  version: z.string().regex(/^(?:[1-9][0-9]{0,7}|DRAFT)$/, {
    message: 'version must be a guardrail version number or DRAFT',
  }),
});

export type FilterStrength = z.infer<typeof FilterStrengthSchema>;
export type DeniedTopic = z.infer<typeof DeniedTopicSchema>;
export type GuardrailSettings = z.infer<typeof GuardrailSettingsSchema>;
export type GuardrailRef = z.infer<typeof GuardrailRefSchema>;
