import type { MiddlewareObj } from '@middy/core';
import { redactError } from './log-redaction';

/**
 * Redacts a handler's error (message, stack, causes) in place before
 * tracing, logging or the Lambda runtime see it; the error keeps its class,
 * so Step Functions still matches Retry and Catch on its name. Register it
 * last: middy runs `onError` handlers from the last registered to the first.
 */
export function redactErrors(): MiddlewareObj {
  return {
    onError: async (request) => {
      request.error = redactError(request.error) as Error | null;
    },
  };
}
