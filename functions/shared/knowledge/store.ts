import * as z from 'zod';
import { TransientError } from '../errors';
import {
  partCount,
  partKeys,
  readMeta,
  readParts,
  type TenantTable,
  writeParts,
} from '../tenant-parts';
import {
  decodeStoredIndex,
  type EncodedIndex,
  INDEX_FORMAT,
  INDEX_VERSION,
  isReadableIndex,
  type KnowledgeIndexFile,
} from './index-format';
import type { Ingested } from './ingest';
import { TOKENIZER_ID } from './tokenize';

/**
 * Where a tenant's knowledge index lives on the Tenants table, next to its
 * `DOC#` documents: the gzipped index cut into parts `KIDX#0001`, … and a
 * `KIDX#META` item naming the index's hash and number of parts. Every
 * part carries the hash too, so a reader can tell a torn read (an ingest
 * replacing the parts meanwhile) from a good one.
 */
export const KNOWLEDGE_SK = partKeys('KIDX');

// TODO(knowledge): a cold start reads every part (about 370 KB gzipped
// for 700 articles), which grows with the knowledge base in read units
// and latency. For tenants past a few thousand articles an S3 object
// (one GET, no item limit) named by the META item would scale better;
// the artifact and its hash would stay the same.

export { MAX_PART_BYTES } from '../tenant-parts';

/**
 * The META item. `version` and `tokenizer` are those of the code that
 * stored the index; they parse whatever their value, so a reader can tell
 * an index of another version (see `isReadableIndex`) from a broken item.
 * METAs stored before the tokenizer was recorded have none.
 */
export const IndexMetaSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  version: z.number().int().min(1),
  tokenizer: z.string().min(1).optional(),
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

export type IndexTable = TenantTable;

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
  const previous = await readIndexMeta(table).catch(() => undefined);
  const meta: IndexMeta = {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    tokenizer: TOKENIZER_ID,
    hash: encoded.hash,
    parts: partCount(encoded.gzip.length),
    bytes: encoded.json.length,
    storedBytes: encoded.gzip.length,
    ...counts,
    builtAt: now.toISOString(),
  };
  await writeParts(
    table,
    KNOWLEDGE_SK,
    encoded.gzip,
    encoded.hash,
    meta,
    previous?.parts,
  );
  return meta;
}

/** What {@link storeIngestedIndex} did. */
export interface StoredIndex {
  /** False when the tenant's current index had the same hash. */
  readonly written: boolean;
  readonly meta: IndexMeta;
}

/**
 * Stores an ingested index, unless the tenant's current index is of the
 * version and tokenizer this code writes and has the same hash (the same
 * documents, chunked the same way): then nothing is written.
 */
export async function storeIngestedIndex(
  table: IndexTable,
  { index, encoded }: Pick<Ingested, 'index' | 'encoded'>,
  now = new Date(),
): Promise<StoredIndex> {
  const current = await readIndexMeta(table).catch(() => undefined);
  if (current?.hash === encoded.hash && isReadableIndex(current)) {
    return { written: false, meta: current };
  }

  const counts = {
    documents: index.documents.length,
    chunks: index.chunks.length,
  };
  const meta = await writeIndexItems(table, encoded, counts, now);
  return { written: true, meta };
}

/** The tenant's index META item, or undefined when it has no index. */
export async function readIndexMeta(
  table: IndexTable,
): Promise<IndexMeta | undefined> {
  return readMeta(
    table,
    KNOWLEDGE_SK,
    IndexMetaSchema,
    'Knowledge index',
    'ingest it again',
  );
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
  const data = await readParts(table, KNOWLEDGE_SK, meta.parts, meta.hash);
  if (!data) {
    throw new TransientError(
      `Knowledge index of tenant ${table.tenantId} is being replaced`,
    );
  }
  return decodeStoredIndex(data, meta.hash);
}
