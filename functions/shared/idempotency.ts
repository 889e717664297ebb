import {
  type IdempotencyConfig,
  IdempotencyUnknownError,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { TABLES } from '../../schemas/tables';
import { isRetryableAwsError } from './aws-errors';
import { dynamoClient } from './clients/dynamo';
import { requireEnv } from './env';
import { TransientError } from './errors';

/**
 * `makeIdempotent` options that keep one operation's records in the
 * idempotency table, under `<operation>#<hash of the key>`. The prefix is
 * the operation, not the Lambda function name, so records survive a
 * function being renamed or replaced.
 *
 * Build one per operation, at module scope: a persistence layer keeps the
 * first config it is used with, and the key prefix of its latest use.
 *
 * @example
 * const config = new IdempotencyConfig({ eventKeyJmesPath: 'orderId' });
 * const options = idempotencyOptions('refund', config);
 * const refundOnce = makeIdempotent(refund, options);
 */
export function idempotencyOptions(
  operation: string,
  config: IdempotencyConfig,
  client: DynamoDBClient = dynamoClient,
) {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: requireEnv(TABLES.idempotency.envVar),
    keyAttr: TABLES.idempotency.partitionKey,
    expiryAttr: TABLES.idempotency.ttlAttribute,
    awsSdkV3Client: client,
  });
  return { persistenceStore, keyPrefix: operation, config };
}

/**
 * Hands each invocation's Lambda context to idempotency configs of
 * functions that are not the handler. With it an in-progress record
 * expires with the invocation that wrote it, so a retry after a crash or a
 * timeout runs again instead of waiting for the record's own expiry.
 */
export function registerIdempotencyContext(
  ...configs: IdempotencyConfig[]
): MiddlewareObj<unknown, unknown, Error, Context> {
  return {
    before: async (request) => {
      for (const config of configs) {
        config.registerLambdaContext(request.context);
      }
    },
  };
}

/**
 * The step error for a failure of the idempotency machinery itself: a
 * record held by another attempt, a racing update, or a DynamoDB failure
 * worth retrying become `TransientError`, which the workflow retries.
 * Errors of the wrapped function pass through unchanged.
 */
export function idempotencyStepError(error: unknown): unknown {
  if (!(error instanceof IdempotencyUnknownError)) return error;
  const retryable =
    error.name === 'IdempotencyAlreadyInProgressError' ||
    error.name === 'IdempotencyInconsistentStateError' ||
    isRetryableAwsError(error.cause);
  return retryable
    ? new TransientError(`Idempotency record unavailable (${error.name})`, {
        cause: error,
      })
    : error;
}
