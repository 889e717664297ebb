import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { InvariantError, TransientError } from '../errors';
import { tenantPk } from '../keys';
import { batchWriteAll } from '../store/batch-write';
import {
  decodeStoredIndex,
  type EncodedIndex,
  INDEX_FORMAT,
  INDEX_VERSION,
  type KnowledgeIndexFile,
} from './index-format';

/**
 * Where a tenant's knowledge index lives on the Tenants table, next to its
 * `DOC#` documents: the gzipped index cut into parts `KIDX#0001`, … and a
 * `KIDX#META` item naming the index's hash and number of parts. Every
 * part carries the hash too, so a reader can tell a torn read (an ingest
 * replacing the parts meanwhile) from a good one.
 */
export const KNOWLEDGE_SK = {
  meta: 'KIDX#META',
  part: (n: number) => `KIDX#${String(n).padStart(4, '0')}`,
} as const;

// TODO(knowledge): a cold start reads every part (about 370 KB gzipped
// for 700 articles), which grows with the knowledge base in read units
// and latency. For tenants past a few thousand articles an S3 object
// (one GET, no item limit) named by the META item would scale better;
// the artifact and its hash would stay the same.

/** Largest part, well under DynamoDB's 400 KB item limit. */
export const MAX_PART_BYTES = 350 * 1024;

export const IndexMetaSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  version: z.literal(INDEX_VERSION),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  parts: z.number().int().min(1),
  /** Size of the JSON index. */
  bytes: z.number().int().min(0),
  /** Size of the gzipped parts together. */
  storedBytes: z.number().int().min(0),
  documents: z.number().int().min(0),
  chunks: z.number().int().min(0),
  builtAt: z.string(),
});
export type IndexMeta = z.infer<typeof IndexMetaSchema>;

export interface IndexTable {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly tenantId: string;
}

/**
 * Stores an index: the parts first, then the META item that makes them
 * current, then removes parts an earlier, larger index left behind.
 */
export async function writeIndexItems(
  table: IndexTable,
  encoded: EncodedIndex,
  counts: { readonly documents: number; readonly chunks: number },
  now = new Date(),
): Promise<IndexMeta> {
  const pk = tenantPk(table.tenantId);
  const previous = await readIndexMeta(table).catch(() => undefined);
  const parts: Buffer[] = [];
  for (let at = 0; at < encoded.gzip.length; at += MAX_PART_BYTES) {
    parts.push(encoded.gzip.subarray(at, at + MAX_PART_BYTES));
  }
  if (parts.length === 0) parts.push(Buffer.alloc(0));
  const items = parts.map((data, i) => ({
    pk,
    sk: KNOWLEDGE_SK.part(i + 1),
    hash: encoded.hash,
    data,
  }));
  await batchWriteAll(table.client, table.tableName, items);

  const meta: IndexMeta = {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    hash: encoded.hash,
    parts: parts.length,
    bytes: encoded.json.length,
    storedBytes: encoded.gzip.length,
    ...counts,
    builtAt: now.toISOString(),
  };
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { pk, sk: KNOWLEDGE_SK.meta, ...meta },
    }),
  );
  for (let n = parts.length + 1; n <= (previous?.parts ?? 0); n += 1) {
    await table.client.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { pk, sk: KNOWLEDGE_SK.part(n) },
      }),
    );
  }
  return meta;
}

/** The tenant's index META item, or undefined when it has no index. */
export async function readIndexMeta(
  table: IndexTable,
): Promise<IndexMeta | undefined> {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.tableName,
      Key: { pk: tenantPk(table.tenantId), sk: KNOWLEDGE_SK.meta },
    }),
  );
  if (!Item) return undefined;
  const parsed = IndexMetaSchema.safeParse(Item);
  if (!parsed.success) {
    throw new InvariantError(
      `Knowledge index META of tenant ${table.tenantId} is invalid: ` +
        `${parsed.error.issues[0]?.path.join('.')}; ingest it again`,
    );
  }
  return parsed.data;
}

/**
 * Reads the parts META names and decodes the index. Throws a
 * `TransientError` when a part is missing or belongs to another hash: an
 * ingest is replacing the index, and reading again will succeed.
 */
export async function readIndexItems(
  table: IndexTable,
  meta: IndexMeta,
): Promise<KnowledgeIndexFile> {
  const pk = tenantPk(table.tenantId);
  const parts = await Promise.all(
    Array.from({ length: meta.parts }, (_, i) =>
      table.client.send(
        new GetCommand({
          TableName: table.tableName,
          Key: { pk, sk: KNOWLEDGE_SK.part(i + 1) },
        }),
      ),
    ),
  );
  const data = parts.map(({ Item }) =>
    Item?.hash === meta.hash && Item.data instanceof Uint8Array
      ? Item.data
      : undefined,
  );
  if (data.some((d) => d === undefined)) {
    throw new TransientError(
      `Knowledge index of tenant ${table.tenantId} is being replaced`,
    );
  }
  return decodeStoredIndex(Buffer.concat(data as Uint8Array[]), meta.hash);
}
