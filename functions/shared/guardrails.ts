import type {
  ContentBlock,
  ConverseCommandInput,
  Message,
} from '@aws-sdk/client-bedrock-runtime';
import {
  GUARDRAILS_ENV,
  type GuardrailMap,
  GuardrailMapSchema,
  type GuardrailRef,
} from '../../schemas/guardrails';
import { InvariantError } from './errors';

/** Which guardrail a model call runs under, and what it checks as input. */
export interface GuardrailScope {
  /** The tenant whose guardrail applies; a tenant without one gets none. */
  readonly tenantId: string;
  /**
   * Index in `messages` of the customer message the guardrail checks as
   * input (sent as `guardContent`), so that an earlier message it blocked
   * does not block every later turn while it stays in the transcript.
   * @default - the guardrail checks every message, as Bedrock does
   */
  readonly inputMessageIndex?: number;
}

let parsed: { readonly raw: string; readonly map: GuardrailMap } | undefined;

/**
 * The guardrail of a tenant, from the `GUARDRAILS` variable (JSON of tenant
 * id → `{ id, version }`). The variable is parsed once and again only when
 * it changes; absent, no tenant has a guardrail. A malformed value throws
 * `InvariantError` rather than calling the model unguarded.
 */
export function guardrailFor(tenantId: string): GuardrailRef | undefined {
  const raw = process.env[GUARDRAILS_ENV] ?? '';
  if (parsed?.raw !== raw) parsed = { raw, map: parseMap(raw) };
  return parsed.map[tenantId];
}

function parseMap(raw: string): GuardrailMap {
  if (raw.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new InvariantError(`${GUARDRAILS_ENV} is not valid JSON`, {
      cause: error,
    });
  }
  const result = GuardrailMapSchema.safeParse(json);
  if (!result.success) {
    throw new InvariantError(
      `${GUARDRAILS_ENV} is not a map of tenant ids to { id, version }`,
      { cause: result.error },
    );
  }
  return result.data;
}

/**
 * The request with the tenant's guardrail attached (trace off), or the
 * request unchanged when the tenant has none.
 */
export function withGuardrail(
  input: ConverseCommandInput,
  scope: GuardrailScope | undefined,
): ConverseCommandInput {
  const guardrail = scope && guardrailFor(scope.tenantId);
  if (!scope || !guardrail) return input;
  const index = scope.inputMessageIndex;
  return {
    ...input,
    ...(index === undefined || !input.messages
      ? {}
      : { messages: guardMessage(input.messages, index) }),
    guardrailConfig: {
      guardrailIdentifier: guardrail.id,
      guardrailVersion: guardrail.version,
      trace: 'disabled',
    },
  };
}

/**
 * Turns the text blocks of one message into `guardContent` blocks: the
 * model reads them as text, and the guardrail checks only them as input.
 */
function guardMessage(messages: Message[], index: number): Message[] {
  return messages.map((message, i) =>
    i === index && message.content
      ? { ...message, content: message.content.map(guardBlock) }
      : message,
  );
}

function guardBlock(block: ContentBlock): ContentBlock {
  if (block.text === undefined) return block;
  return { guardContent: { text: { text: block.text } } };
}
