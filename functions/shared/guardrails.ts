import type {
  ContentBlock,
  ConverseCommandInput,
  Message,
} from '@aws-sdk/client-bedrock-runtime';
import {
  GUARDRAILS_ENV,
  GUARDRAILS_REQUIRED,
  type GuardrailRef,
} from '../../schemas/guardrails';
import { InvariantError } from './errors';
import { forgetTenant, getTenantGuardrail } from './tenants';

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

/**
 * The guardrail a tenant's model calls run under: the one stored beside
 * its configuration when `GUARDRAILS` is `required`, none when the variable
 * is unset or empty (the local runtime against Amazon Bedrock without a
 * guardrail). It never lets a call go unguarded by mistake: any other value
 * throws `InvariantError`, and a tenant without a stored guardrail throws
 * `GuardrailMissingError`.
 */
export async function guardrailFor(
  tenantId: string,
): Promise<GuardrailRef | undefined> {
  if (!guardrailsRequired()) return undefined;
  const guardrail = await getTenantGuardrail(tenantId);
  if (!guardrail) {
    throw new GuardrailMissingError(
      `Tenant ${tenantId} has no guardrail: deploy its configuration with ` +
        'the stack before it talks to customers',
    );
  }
  return guardrail;
}

function guardrailsRequired(): boolean {
  const raw = (process.env[GUARDRAILS_ENV] ?? '').trim();
  if (raw === '') return false;
  if (raw === GUARDRAILS_REQUIRED) return true;
  throw new InvariantError(
    `${GUARDRAILS_ENV} is '${raw.slice(0, 40)}'; set it to ` +
      `'${GUARDRAILS_REQUIRED}' or leave it unset`,
  );
}

/**
 * The request with the tenant's guardrail attached (trace off), or the
 * request unchanged when no guardrails are configured.
 *
 * @throws GuardrailMissingError when guardrails are configured but the
 * tenant has none.
 */
export async function withGuardrail(
  input: ConverseCommandInput,
  scope: GuardrailScope | undefined,
): Promise<ConverseCommandInput> {
  const guardrail = scope && (await guardrailFor(scope.tenantId));
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

/**
 * After the service refused `failed`, a call under a tenant's guardrail:
 * the request again under the tenant's guardrail as stored now, when a
 * deploy has replaced the one this function had cached (CloudFormation
 * deletes the replaced version, and a warm function trusts its cached
 * tenant for a minute); otherwise `undefined`, and the failure stands.
 */
export async function withRedeployedGuardrail(
  input: ConverseCommandInput,
  scope: GuardrailScope | undefined,
  failed: ConverseCommandInput,
): Promise<ConverseCommandInput | undefined> {
  const before = failed.guardrailConfig;
  if (!scope || !before) return undefined;
  forgetTenant(scope.tenantId);
  const request = await withGuardrail(input, scope);
  const after = request.guardrailConfig;
  const replaced =
    after !== undefined &&
    (after.guardrailIdentifier !== before.guardrailIdentifier ||
      after.guardrailVersion !== before.guardrailVersion);
  return replaced ? request : undefined;
}
