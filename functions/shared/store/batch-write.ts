import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../errors';

/** Most items DynamoDB accepts in one BatchWriteItem call. */
const BATCH_SIZE = 25;

export interface BatchWriteOptions {
  /**
   * Attempts per chunk while DynamoDB leaves items unprocessed.
   * @default 8
   */
  readonly maxAttempts?: number;
  /**
   * Delay before the first retry, doubled on each further one.
   * @default 50
   */
  readonly baseDelayMs?: number;
}

/**
 * Puts items in chunks of 25 with BatchWriteItem, sending unprocessed items
 * again with exponential backoff. Batch writes are not atomic and replace
 * whole items: use them to load data, not for conditional updates.
 * Throws when items stay unprocessed after `maxAttempts`.
 */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  options: BatchWriteOptions = {},
): Promise<number> {
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    const chunk = items.slice(start, start + BATCH_SIZE);
    await writeChunk(client, tableName, chunk, options);
  }
  return items.length;
}

async function writeChunk(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  { maxAttempts = 8, baseDelayMs = 50 }: BatchWriteOptions,
): Promise<void> {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));

  for (let attempt = 1; requests.length > 0; attempt += 1) {
    if (attempt > maxAttempts) {
      throw new TransientError(
        `BatchWriteItem left ${requests.length} items of ${tableName} ` +
          `unprocessed after ${maxAttempts} attempts`,
      );
    }
    if (attempt > 1) await sleep(baseDelayMs * 2 ** (attempt - 2));

    const { UnprocessedItems } = await client.send(
      new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
    );
    requests = (UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
      request.PutRequest?.Item
        ? [{ PutRequest: { Item: request.PutRequest.Item } }]
        : [],
    );
  }
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));
