import * as z from 'zod';
import { GuardrailSettingsSchema } from './guardrails';
import { TenantIdSchema } from './ids';
import { EmbeddingSettingsSchema } from './knowledge-embeddings';
import {
  AllowedHostSchema,
  CustomToolSchema,
  checkToolSettings,
  ToolNameSchema,
} from './tools/manifest';
import { RouteSchema } from './turn';

export const PersonaSchema = z.object({
  /** Name the assistant introduces itself with. */
  name: z.string().min(1).max(60),
  /** The company the assistant speaks for. */
  company: z.string().min(1).max(80),
  /** Tone and house rules, added to the system prompt. */
  instructions: z.string().max(4000).default(''),
});

export const ToolSettingsSchema = z
  .object({
    /** Names of the tools this tenant enables; each must be declared. */
    enabled: z.array(ToolNameSchema).default([]),
    /** Upper bound of model ⇄ tool rounds in one turn. */
    maxToolRoundsPerTurn: z.number().int().min(1).max(8).default(4),
    /**
     * A change that would refund more than this many cents waits for a
     * person's approval after the customer confirmed it; absent, only tools
     * declared `approval_required` wait for one.
     */
    approvalAboveCents: z.number().int().min(0).optional(),
    /** The tenant's own tools, besides the built-in ones. */
    custom: z.array(CustomToolSchema).max(32).default([]),
    /** Hosts (exact names) the tenant's HTTP tools may call. */
    allowedHosts: z.array(AllowedHostSchema).max(32).default([]),
  })
  .superRefine(checkToolSettings);

export const KnowledgeSettingsSchema = z.object({
  /** Passages handed to the model per turn. */
  maxPassages: z.number().int().min(1).max(10).default(4),
  /** Passages scoring below this are not used. */
  minScore: z.number().min(0).default(0.3),
  /** Hybrid ranking with Bedrock embeddings; absent, lexical only. */
  embeddings: EmbeddingSettingsSchema.optional(),
  /**
   * Url of a markdown or HTML article of the tenant folder's `knowledge/`:
   * this followed by the article's document id (its path without the
   * extension). Absent, such articles have no url; JSON documents bring
   * their own.
   */
  baseUrl: z.url().max(1000).optional(),
});

export const IntentSettingsSchema = z
  .object({
    /**
     * Route per intent label, over the built-in map (greetings, thanks and
     * goodbyes to `smalltalk`, requests for a person to `handoff`, order and
     * account look-ups to `tool`). An intent in neither goes to `answer`.
     */
    routes: z
      .record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/), RouteSchema)
      .default({}),
    /** A classification less confident than this goes to `answer`. */
    minConfidence: z.number().min(0).max(1).default(0.5),
    /**
     * Confidence of the tenant's trained classifier (trained from the
     * tenant folder's `intents.csv`) below which it is unsure and the model
     * picks the label instead.
     */
    threshold: z.number().min(0).max(1).default(0.6),
  })
  .refine((intents) => intents.threshold >= intents.minConfidence, {
    // A label the model picks counts as `threshold` confident: below
    // `minConfidence` every such pick would be thrown away for `answer`.
    message: 'threshold must be at least minConfidence',
    path: ['threshold'],
  });

export const TimeoutSettingsSchema = z.object({
  /** Close the conversation after this much customer silence. */
  idleTimeoutSeconds: z.number().int().min(1).max(604_800).default(900),
  /** Longest a handoff may wait for a human in total. */
  handoffTimeoutSeconds: z.number().int().min(2).max(604_800).default(3600),
  /** An unclaimed handoff gives up after this long without an agent. */
  handoffHeartbeatSeconds: z.number().int().min(1).max(604_800).default(900),
  /** A change waiting for a person's approval is refused after this long. */
  approvalTimeoutSeconds: z.number().int().min(1).max(604_800).default(3600),
});

/** A tenant's configuration: one company using Frontline. */
export const TenantConfigSchema = z
  .object({
    tenantId: TenantIdSchema,
    displayName: z.string().min(1).max(80),
    persona: PersonaSchema,
    /** BCP 47 language codes the tenant serves; the first is the default. */
    languages: z.array(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/)).min(1),
    /** Bedrock model or inference-profile id; absent uses the deployment's. */
    modelId: z.string().min(1).max(200).optional(),
    timeouts: TimeoutSettingsSchema.default(TimeoutSettingsSchema.parse({})),
    knowledge: KnowledgeSettingsSchema.default(
      KnowledgeSettingsSchema.parse({}),
    ),
    tools: ToolSettingsSchema.default(ToolSettingsSchema.parse({})),
    intents: IntentSettingsSchema.default(IntentSettingsSchema.parse({})),
    /** Filters and denied topics applied to every model call. */
    guardrails: GuardrailSettingsSchema.default(
      GuardrailSettingsSchema.parse({}),
    ),
    /** Customer messages of the transcript handed to the model. */
    transcriptWindow: z.number().int().min(2).max(50).default(12),
  })
  .refine(
    (c) =>
      c.timeouts.handoffHeartbeatSeconds < c.timeouts.handoffTimeoutSeconds,
    {
      message:
        'timeouts.handoffHeartbeatSeconds must be below timeouts.handoffTimeoutSeconds',
      path: ['timeouts', 'handoffHeartbeatSeconds'],
    },
  );

export type TenantConfig = z.infer<typeof TenantConfigSchema>;
