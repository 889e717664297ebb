import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../observability';

/**
 * The function's raw DynamoDB client (endpoint from the environment), for
 * libraries that take one, such as Powertools idempotency.
 */
export const dynamoClient = tracer.captureAWSv3Client(new DynamoDBClient({}));

/** The function's DynamoDB document client, over the same connection. */
export const dynamo = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true },
});
