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

/**
 * Guardrails are configured but the tenant has none: its model calls are
 * refused rather than made unguarded. Every deployed tenant gets one, so
 * this is a tenant configuration written without deploying its guardrail.
 */
export class GuardrailMissingError extends InvariantError {}

/** Which guardrail a model call runs under, and what it checks as input. */
export interface GuardrailScope {
  /** The tenant whose guardrail applies. */
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
 * it changes; absent or empty, no tenant has a guardrail (the local runtime
 * against Amazon Bedrock without `--guardrail`). It never lets a call go
 * unguarded by mistake: a malformed value throws `InvariantError`, and a
 * tenant the map leaves out throws `GuardrailMissingError`.
 */
export function guardrailFor(tenantId: string): GuardrailRef | undefined {
  const raw = process.env[GUARDRAILS_ENV] ?? '';
  if (parsed?.raw !== raw) parsed = { raw, map: parseMap(raw) };
  if (raw.trim() === '') return undefined;
  const guardrail = parsed.map[tenantId];
  if (!guardrail) {
    throw new GuardrailMissingError(
      `Tenant ${tenantId} has no guardrail in ${GUARDRAILS_ENV}: deploy ` +
        'its configuration with the stack before it talks to customers',
    );
  }
  return guardrail;
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
 * request unchanged when no guardrails are configured.
 *
 * @throws GuardrailMissingError when guardrails are configured but the
 * tenant has none.
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
