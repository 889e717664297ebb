import * as z from 'zod';

/**
 * The parts of a Bedrock Converse request the offline model reads, as they
 * arrive on the wire (REST-JSON). Unknown fields and block kinds pass
 * through untouched so that any request the SDK can send is accepted.
 */

/** A JSON Schema as declared in a tool's `inputSchema.json`. */
export interface JsonSchema {
  readonly type?: string | string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly pattern?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly description?: string;
}

const ToolUseSchema = z.looseObject({
  toolUseId: z.string(),
  name: z.string(),
  input: z.unknown(),
});

const ToolResultContentSchema = z.looseObject({
  text: z.string().optional(),
  json: z.unknown().optional(),
});

const ToolResultSchema = z.looseObject({
  toolUseId: z.string(),
  content: z.array(ToolResultContentSchema).default([]),
  status: z.enum(['success', 'error']).optional(),
});

/** Text the guardrail checks as input; the model reads it as text. */
const GuardContentSchema = z.looseObject({
  text: z.looseObject({ text: z.string() }).optional(),
});

const ContentBlockSchema = z
  .looseObject({
    text: z.string().optional(),
    guardContent: GuardContentSchema.optional(),
    toolUse: ToolUseSchema.optional(),
    toolResult: ToolResultSchema.optional(),
  })
  .transform((block) =>
    block.text === undefined && block.guardContent?.text
      ? { ...block, text: block.guardContent.text.text }
      : block,
  );

const MessageSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.array(ContentBlockSchema),
});

const ToolSpecSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  inputSchema: z.looseObject({ json: z.unknown().optional() }).optional(),
});

/** The body of `POST /model/{modelId}/converse`. */
export const ConverseRequestSchema = z.looseObject({
  messages: z.array(MessageSchema).default([]),
  system: z.array(z.looseObject({ text: z.string().optional() })).optional(),
  toolConfig: z
    .looseObject({
      tools: z
        .array(z.looseObject({ toolSpec: ToolSpecSchema.optional() }))
        .default([]),
    })
    .optional(),
  guardrailConfig: z
    .looseObject({
      guardrailIdentifier: z.string().min(1),
      guardrailVersion: z.string().min(1),
      trace: z.enum(['enabled', 'disabled', 'enabled_full']).optional(),
    })
    .optional(),
});
export type ConverseRequestJson = z.input<typeof ConverseRequestSchema>;
export type ConverseRequest = z.output<typeof ConverseRequestSchema>;
export type WireMessage = z.output<typeof MessageSchema>;
export type WireToolUse = z.output<typeof ToolUseSchema>;
export type WireToolResult = z.output<typeof ToolResultSchema>;

/** A content block the offline model writes. */
export type OutputBlock =
  | { readonly text: string }
  | {
      readonly toolUse: {
        readonly toolUseId: string;
        readonly name: string;
        readonly input: Record<string, unknown>;
      };
    };

/** Which path produced an answer; reported for tests and benchmarks. */
export type OfflineRoute =
  | 'summary'
  | 'tool_result'
  | 'tool_error'
  | 'tool_call'
  | 'ask_arguments'
  | 'confirm_change'
  | 'change_outcome'
  | 'change_unavailable'
  | 'passage'
  | 'small_talk'
  | 'no_answer'
  | 'intent_label'
  | 'guardrail';

/** The body of a Converse response. */
export interface ConverseResponseJson {
  readonly output: {
    readonly message: {
      readonly role: 'assistant';
      readonly content: OutputBlock[];
    };
  };
  readonly stopReason: 'end_turn' | 'tool_use' | 'guardrail_intervened';
  readonly usage: {
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly totalTokens: number;
  };
  readonly metrics: { readonly latencyMs: number };
  readonly additionalModelResponseFields: {
    readonly offlineModel: true;
    readonly route: OfflineRoute;
  };
  /** What the local guardrail found, when the request asked for a trace. */
  readonly trace?: { readonly guardrail: Record<string, unknown> };
}
