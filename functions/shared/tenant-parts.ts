import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import { InvariantError } from './errors';
import { tenantPk } from './keys';
import { batchWriteAll } from './store/batch-write';

/**
 * A binary artifact kept on a tenant's partition of the Tenants table (a
 * knowledge index, a trained classifier): cut into parts `<PREFIX>#0001`, …
 * and made current by a `<PREFIX>#META` item. Every part carries the
 * artifact's hash, so a reader can tell a torn read (a writer replacing
 * the parts meanwhile) from a good one.
 */
export interface PartKeys {
  readonly meta: string;
  part(n: number): string;
}

export const partKeys = (prefix: string): PartKeys => ({
  meta: `${prefix}#META`,
  part: (n) => `${prefix}#${String(n).padStart(4, '0')}`,
});

export interface TenantTable {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly tenantId: string;
}

/** Largest part, well under DynamoDB's 400 KB item limit. */
export const MAX_PART_BYTES = 350 * 1024;

/** How many parts an artifact of `bytes` bytes takes (at least one). */
export const partCount = (bytes: number) =>
  Math.max(1, Math.ceil(bytes / MAX_PART_BYTES));

/**
 * Stores an artifact: the parts first, then the META item that makes them
 * current, then removes parts an earlier, larger artifact left behind.
 */
export async function writeParts(
  table: TenantTable,
  keys: PartKeys,
  artifact: Uint8Array,
  hash: string,
  meta: Record<string, unknown>,
  previousParts = 0,
): Promise<void> {
  const pk = tenantPk(table.tenantId);
  const parts = Array.from({ length: partCount(artifact.length) }, (_, i) =>
    artifact.subarray(i * MAX_PART_BYTES, (i + 1) * MAX_PART_BYTES),
  );
  const items = parts.map((data, i) => ({
    pk,
    sk: keys.part(i + 1),
    hash,
    data,
  }));
  await batchWriteAll(table.client, table.tableName, items);

  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { pk, sk: keys.meta, ...meta },
    }),
  );
  for (let n = parts.length + 1; n <= previousParts; n += 1) {
    await table.client.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { pk, sk: keys.part(n) },
      }),
    );
  }
}

/**
 * The META item parsed with `schema`, or undefined when there is none. An
 * item that does not parse throws an `InvariantError` naming `what` and the
 * first bad field, ending with `remedy`.
 */
export async function readMeta<S extends z.ZodType>(
  table: TenantTable,
  keys: PartKeys,
  schema: S,
  what: string,
  remedy: string,
): Promise<z.infer<S> | undefined> {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.tableName,
      Key: { pk: tenantPk(table.tenantId), sk: keys.meta },
    }),
  );
  if (!Item) return undefined;
  const parsed = schema.safeParse(Item);
  if (!parsed.success) {
    throw new InvariantError(
      `${what} META of tenant ${table.tenantId} is invalid: ` +
        `${parsed.error.issues[0]?.path.join('.')}; ${remedy}`,
    );
  }
  return parsed.data;
}

/**
 * Reads `parts` parts and joins them, or returns undefined when one is
 * missing or belongs to another hash (a writer is replacing the artifact).
 */
export async function readParts(
  table: TenantTable,
  keys: PartKeys,
  parts: number,
  hash: string,
): Promise<Buffer | undefined> {
  const pk = tenantPk(table.tenantId);
  const items = await Promise.all(
    Array.from({ length: parts }, (_, i) =>
      table.client.send(
        new GetCommand({
          TableName: table.tableName,
          Key: { pk, sk: keys.part(i + 1) },
        }),
      ),
    ),
  );
  const data = items.map(({ Item }) =>
    Item?.hash === hash && Item.data instanceof Uint8Array
      ? Item.data
      : undefined,
  );
  return data.every((d) => d !== undefined)
    ? Buffer.concat(data as Uint8Array[])
    : undefined;
}
