import * as z from 'zod';
import {
  partCount,
  partKeys,
  readMeta,
  readParts,
  type TenantTable,
  writeParts,
} from '../tenant-parts';
import { decodeVectors, encodeVectors, type QuantisedVectors } from './vectors';

/**
 * Where a tenant's passage vectors live on the Tenants table, beside its
 * knowledge index: the encoded vectors (see `QuantisedVectors`) cut into
 * parts `KVEC#0001`, … and a `KVEC#META` item. The META item names the
 * hash of the index the vectors were computed from (`indexHash`): vectors
 * of any other index are never used, so an ingest that replaced the index
 * but not (yet) its vectors leaves ranking lexical instead of wrong.
 */
export const VECTORS_SK = partKeys('KVEC');

export const VECTORS_FORMAT = 'frontline-knowledge-vectors';
export const VECTORS_VERSION = 1;

export const VectorMetaSchema = z.object({
  format: z.literal(VECTORS_FORMAT),
  version: z.literal(VECTORS_VERSION),
  /** SHA-256 of the stored bytes. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Hash of the knowledge index whose passages these are. */
  indexHash: z.string().regex(/^[0-9a-f]{64}$/),
  modelId: z.string().min(1),
  dimensions: z.number().int().min(1),
  /** Number of vectors: the index's passage count. */
  count: z.number().int().min(0),
  parts: z.number().int().min(1),
  bytes: z.number().int().min(0),
  builtAt: z.string(),
});
export type VectorMeta = z.infer<typeof VectorMetaSchema>;

/** What the vectors were computed from and with. */
export interface VectorBinding {
  readonly indexHash: string;
  readonly modelId: string;
}

/**
 * Stores passage vectors: the parts first, then the META item that makes
 * them current, then removes parts an earlier, larger set left behind.
 */
export async function writeVectorItems(
  table: TenantTable,
  vectors: QuantisedVectors,
  binding: VectorBinding,
  now = new Date(),
): Promise<VectorMeta> {
  const previous = await readVectorMeta(table).catch(() => undefined);
  const { bytes, hash } = encodeVectors(vectors);
  const meta: VectorMeta = {
    format: VECTORS_FORMAT,
    version: VECTORS_VERSION,
    hash,
    indexHash: binding.indexHash,
    modelId: binding.modelId,
    dimensions: vectors.dimensions,
    count: vectors.count,
    parts: partCount(bytes.length),
    bytes: bytes.length,
    builtAt: now.toISOString(),
  };
  await writeParts(table, VECTORS_SK, bytes, hash, meta, previous?.parts);
  return meta;
}

/** The tenant's vector META item, or undefined when it has none. */
export function readVectorMeta(
  table: TenantTable,
): Promise<VectorMeta | undefined> {
  return readMeta(
    table,
    VECTORS_SK,
    VectorMetaSchema,
    'Passage vectors',
    'ingest the knowledge with embeddings again',
  );
}

/**
 * Reads the parts META names and decodes them, or returns undefined when
 * a part is missing or belongs to another set (an ingest is replacing
 * them; reading again later will succeed).
 */
export async function readVectorItems(
  table: TenantTable,
  meta: VectorMeta,
): Promise<QuantisedVectors | undefined> {
  const bytes = await readParts(table, VECTORS_SK, meta.parts, meta.hash);
  return bytes && decodeVectors(bytes, meta);
}
