import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaTarget } from '../../../schemas/tools/manifest';
import { isAwsServiceError, isRetryableAwsError } from '../aws-errors';
import { lambda } from '../clients/lambda';
import { TransientError } from '../errors';
import { logger } from '../observability';
import { ToolError } from '../store/errors';
import { jsonResult, MAX_RESPONSE_BYTES, shortMessage } from './response';
import type { ExternalToolContext } from './types';

/** A tenant tool run by a Lambda function, as the target needs it. */
export interface LambdaTool {
  readonly name: string;
  readonly target: LambdaTarget;
}

/** What the function receives as its event. */
export interface LambdaToolEvent extends ExternalToolContext {
  readonly tool: string;
  readonly input: Record<string, unknown>;
}

/**
 * Invokes a tenant's function synchronously with
 * `{ tool, input, tenantId, conversationId, idempotencyKey }` and returns
 * the JSON it returned (at most 64 KB).
 *
 * An error the function threw is a `ToolError` carrying its short
 * message: it goes back to the model as the call's result. Throttling and
 * Lambda service failures are `TransientError`s, which the workflow
 * retries (the function did not run). No answer within `timeoutMs`, or a
 * function that cannot be invoked at all (missing, not permitted), is a
 * `ToolError` saying the tool is unavailable, so the customer hears it
 * instead of waiting on retries.
 */
export async function callLambdaTool(
  tool: LambdaTool,
  input: Record<string, unknown>,
  context: ExternalToolContext,
  client: LambdaClient = lambda,
): Promise<unknown> {
  const event: LambdaToolEvent = { tool: tool.name, input, ...context };
  const { functionArn, timeoutMs } = tool.target;
  const response = await client
    .send(
      new InvokeCommand({
        FunctionName: functionArn,
        InvocationType: 'RequestResponse',
        Payload: Buffer.from(JSON.stringify(event)),
      }),
      { abortSignal: AbortSignal.timeout(timeoutMs) },
    )
    .catch((error: unknown) => {
      throw invokeFailure(tool, error);
    });

  const payload = response.Payload ?? new Uint8Array();
  const body = {
    text: Buffer.from(payload).subarray(0, MAX_RESPONSE_BYTES).toString('utf8'),
    truncated: payload.byteLength > MAX_RESPONSE_BYTES,
  };
  if (response.FunctionError) {
    const said = shortMessage(body.text);
    logger.warn('Tool function failed', {
      tool: tool.name,
      function_error: response.FunctionError,
    });
    throw new ToolError(`${tool.name} failed${said ? `: ${said}` : ''}`);
  }
  return jsonResult(tool.name, body);
}

function invokeFailure(tool: LambdaTool, error: unknown): Error {
  const name = String((error as { name?: unknown } | undefined)?.name);
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ToolError(
      `${tool.name} is unavailable right now (no answer within ` +
        `${tool.target.timeoutMs} ms); the customer can try again later`,
    );
  }
  if (isRetryableAwsError(error) || !isAwsServiceError(error)) {
    return new TransientError(`Lambda failed to run tool ${tool.name}`, {
      cause: error,
    });
  }
  logger.error('Tool function cannot be invoked', {
    tool: tool.name,
    function_arn: tool.target.functionArn,
    error_name: name,
  });
  return new ToolError(
    `${tool.name} is unavailable right now; the customer can try again later`,
  );
}
