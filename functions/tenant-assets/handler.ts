import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { logger, tracer } from '../shared/observability';
import { onEvent } from './on-event';

/**
 * `onEvent` of the custom resource provider that trains each tenant's
 * intent classifier and builds its knowledge index at deploy time; the
 * provider framework answers CloudFormation.
 */
export const handler = middy(onEvent)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }));
