import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { TABLES } from '../../schemas/tables';
import { dynamo } from './clients/dynamo';
import { requireEnv } from './env';
import {
  DEFAULT_PAGE_SIZE,
  decodePageToken,
  encodePageToken,
  type Page,
  type PageRequest,
} from './paging';

/*
 * Handoffs and approvals are both records a workflow waits on: one item per
 * record, the wait's task token beside it while it is undecided, and the
 * `gsi1` index keyed by tenant and status, ordered by creation.
 */

export const recordsTable = () => requireEnv(TABLES.conversations.envVar);

/** The `gsi1` keys of a record: its tenant and status, then creation order. */
export const statusIndexKeys = (
  statusPk: string,
  createdAt: string,
  id: string,
) => ({
  gsi1pk: statusPk,
  gsi1sk: `${createdAt}#${id}`,
});

/** A record as stored: with the task token, which never leaves the backend. */
export interface WithTaskToken<T> {
  readonly record: T;
  readonly taskToken?: string;
}

/** Reads one record and its task token, consistently. */
export async function getWithTaskToken<S extends z.ZodTypeAny>(
  key: Record<string, string>,
  schema: S,
): Promise<WithTaskToken<z.output<S>> | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: recordsTable(),
      Key: key,
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  return {
    record: schema.parse(Item),
    taskToken: Item.taskToken as string | undefined,
  };
}

/** One page of the records under one status key, oldest first. */
export async function listByStatus<S extends z.ZodTypeAny>(
  statusPk: string,
  schema: S,
  page: PageRequest = {},
): Promise<Page<z.output<S>>> {
  const { Items = [], LastEvaluatedKey } = await dynamo.send(
    new QueryCommand({
      TableName: recordsTable(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': statusPk },
      Limit: page.limit ?? DEFAULT_PAGE_SIZE,
      ...(page.nextToken
        ? { ExclusiveStartKey: decodePageToken(page.nextToken, statusPk) }
        : {}),
    }),
  );
  return {
    items: Items.map((item) => schema.parse(item)),
    ...(LastEvaluatedKey
      ? { nextToken: encodePageToken(LastEvaluatedKey) }
      : {}),
  };
}
