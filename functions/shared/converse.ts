import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  type ContentBlock,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import type { ModelUsage } from '../../schemas/turn';
import { isAwsServiceError, isRetryableAwsError } from './aws-errors';
import { bedrock } from './clients/bedrock';
import { requireEnv } from './env';
import { ModelError, TransientError } from './errors';
import {
  type GuardrailScope,
  withGuardrail,
  withRedeployedGuardrail,
} from './guardrails';
import { logger, metrics } from './observability';

export type { GuardrailScope } from './guardrails';

/** What a model call was for, in logs and metrics. */
export type ModelPurpose = 'reply' | 'summary' | 'intent';

/** Bedrock's stop reason when a guardrail replaced the answer. */
export const GUARDRAIL_INTERVENED = 'guardrail_intervened';

/** A Converse answer, and whether the tenant's guardrail blocked it. */
export type ConverseResult = ConverseCommandOutput & {
  /**
   * The guardrail blocked the request or the answer: the answer's text is
   * the guardrail's blocked message, which cites nothing.
   */
  readonly guardrailIntervened: boolean;
};

/** The tenant's model, or the deployment's (`BEDROCK_MODEL_ID`). */
export function modelIdFor(config: { readonly modelId?: string }): string {
  return config.modelId ?? requireEnv('BEDROCK_MODEL_ID');
}

/**
 * Calls Bedrock Converse and maps its failures to the workflow's error
 * names: throttling, 5xx and network trouble (after the SDK's own retries)
 * become `TransientError`, which the workflow retries; any other answer
 * from the service (validation, access denied, unknown model) becomes
 * `ModelError`, which hands the conversation to a human.
 *
 * With a `guardrail` scope the call runs under the tenant's guardrail (see
 * `guardrailFor`); a blocked call is an answer, not an error, flagged by
 * `guardrailIntervened`. A call the service refuses under a guardrail that
 * a deploy has since replaced is made once more under the new one.
 *
 * @example
 * const response = await converse(input, 'reply', {
 *   tenantId: 'demo',
 *   inputMessageIndex: input.messages.length - 1,
 * });
 * if (response.guardrailIntervened) storeAsPlainReply(response);
 */
export async function converse(
  input: ConverseCommandInput,
  purpose: ModelPurpose,
  guardrail?: GuardrailScope,
): Promise<ConverseResult> {
  let request = await withGuardrail(input, guardrail);
  let response: ConverseCommandOutput;
  try {
    response = await send(request);
  } catch (error) {
    const retry =
      error instanceof ModelError &&
      (await withRedeployedGuardrail(input, guardrail, request));
    if (!retry) throw error;
    request = retry;
    response = await send(request);
  }
  const result = {
    ...response,
    guardrailIntervened: response.stopReason === GUARDRAIL_INTERVENED,
  };
  recordModelCall(result, purpose, request.guardrailConfig !== undefined);
  return result;
}

async function send(
  request: ConverseCommandInput,
): Promise<ConverseCommandOutput> {
  try {
    return await bedrock.send(new ConverseCommand(request));
  } catch (error) {
    throw modelFailure(error);
  }
}

/** The workflow error for a failed Converse call. */
export function modelFailure(error: unknown): Error {
  const name = error instanceof Error ? error.name : 'UnknownError';
  if (isRetryableAwsError(error)) {
    return new TransientError(`The model is unavailable (${name})`, {
      cause: error,
    });
  }
  if (isAwsServiceError(error)) {
    return new ModelError(`The model refused the request (${name})`, {
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Adds one call's tokens to a turn's running usage. */
export function addUsage(
  usage: ModelUsage,
  response: ConverseCommandOutput,
): ModelUsage {
  return {
    inputTokens: usage.inputTokens + (response.usage?.inputTokens ?? 0),
    outputTokens: usage.outputTokens + (response.usage?.outputTokens ?? 0),
    calls: usage.calls + 1,
  };
}

/** True when the local runtime's offline model wrote the answer. */
export function isOfflineModel(response: ConverseCommandOutput): boolean {
  const fields = response.additionalModelResponseFields;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    return false;
  }
  return (fields as Record<string, unknown>).offlineModel === true;
}

/** The text blocks of the model's answer, joined; empty when there are none. */
export function responseText(response: ConverseCommandOutput): string {
  const content: ContentBlock[] = response.output?.message?.content ?? [];
  return content
    .flatMap((block) => (block.text === undefined ? [] : [block.text]))
    .join('\n')
    .trim();
}

function recordModelCall(
  response: ConverseResult,
  purpose: ModelPurpose,
  guarded: boolean,
): void {
  const inputTokens = response.usage?.inputTokens ?? 0;
  const outputTokens = response.usage?.outputTokens ?? 0;
  metrics.addMetric('ModelCalls', MetricUnit.Count, 1);
  metrics.addMetric('InputTokens', MetricUnit.Count, inputTokens);
  metrics.addMetric('OutputTokens', MetricUnit.Count, outputTokens);
  logger.info('Model answered', {
    purpose,
    stop_reason: response.stopReason,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    offline_model: isOfflineModel(response),
    guardrail: guarded,
  });
  if (response.guardrailIntervened) {
    metrics.addMetric('GuardrailInterventions', MetricUnit.Count, 1);
    logger.warn('Guardrail intervened', { purpose });
  }
}
