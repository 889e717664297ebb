import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { publishMetrics } from './metrics-middleware';
import { logger, tracer } from './observability';
import { redactErrors } from './pii';
import { parseOrThrow } from './validate';

/**
 * Wraps a workflow step: validates the payload the workflow sends, adds the
 * tenant and conversation to every log line, and records traces and metrics.
 * Errors keep their class name, which is the error name the workflow's
 * Retry and Catch match on; their messages and stacks are redacted before
 * tracing, the runtime's error log and the execution history see them.
 */
export function stepHandler<
  S extends z.ZodType<{ tenantId: string; conversationId: string }>,
  R,
>(schema: S, run: (input: z.infer<S>, context: Context) => Promise<R>) {
  return middy(async (event: unknown, context: Context): Promise<R> => {
    const input = parseOrThrow(schema, event, 'step input');
    logger.appendKeys({
      tenant_id: input.tenantId,
      conversation_id: input.conversationId,
    });

    return run(input, context);
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishMetrics())
    .use(redactErrors());
}
