/** Error names AWS services use for trouble that a later attempt may clear. */
const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ServiceUnavailableException',
  'InternalServerException',
  'InternalException',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Socket-level failures the SDK reports with a Node error code. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

interface AwsErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/**
 * True when an AWS SDK call failed in a way a later attempt may fix:
 * throttling, a 5xx answer, or a broken connection. The SDK has already
 * retried by the time this is asked; the answer decides whether the
 * workflow retries the step (`TransientError`) or gives up on it.
 */
export function isRetryableAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const shape = error as AwsErrorShape;
  if (RETRYABLE_NAMES.has(error.name)) return true;
  if (shape.code && NETWORK_CODES.has(shape.code)) return true;
  const status = shape.$metadata?.httpStatusCode;
  return status === 429 || (status !== undefined && status >= 500);
}

/** True when the error is an answer from an AWS service (it has metadata). */
export function isAwsServiceError(error: unknown): boolean {
  return error instanceof Error && '$metadata' in error;
}
