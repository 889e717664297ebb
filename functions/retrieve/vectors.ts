import type { EmbeddingSettings } from '../../schemas/knowledge-embeddings';
import { TABLES } from '../../schemas/tables';
import { dynamo } from '../shared/clients/dynamo';
import { requireEnv } from '../shared/env';
import { TransientError } from '../shared/errors';
import {
  readVectorItems,
  readVectorMeta,
  type VectorMeta,
} from '../shared/knowledge/vector-store';
import { openVectors, type VectorMatrix } from '../shared/knowledge/vectors';
import { logger } from '../shared/observability';
import { TenantCache } from '../shared/tenant-cache';
import { KNOWLEDGE_CHECK_MS, type TenantKnowledge } from './knowledge';

/** A tenant's stored passage vectors, opened for queries. */
export interface PassageVectors {
  readonly meta: VectorMeta;
  readonly matrix: VectorMatrix;
}

/** Why stored vectors cannot serve the current index and settings. */
export type VectorMismatch = 'other_index' | 'other_model' | 'other_count';

const cache = new TenantCache<PassageVectors | undefined>(
  'passage vectors',
  KNOWLEDGE_CHECK_MS,
  (tenantId, current) => freshVectors(tenantId, current),
);

/**
 * The tenant's passage vectors when they fit its current index and
 * embedding settings; undefined otherwise (none stored, computed from
 * another index or with another model, or unreadable now), and ranking
 * stays lexical. Checked for a new set as often as the index; never
 * throws.
 */
export async function loadVectors(
  tenantId: string,
  knowledge: TenantKnowledge,
  settings: EmbeddingSettings,
  now = Date.now(),
): Promise<VectorMatrix | undefined> {
  let vectors: PassageVectors | undefined;
  try {
    vectors = await cache.get(tenantId, now);
  } catch (error) {
    logger.warn('Passage vectors unreadable; ranking stays lexical', {
      error,
    });
    return undefined;
  }
  if (!vectors) return undefined;
  const mismatch = vectorMismatch(vectors.meta, knowledge, settings);
  if (mismatch) {
    logger.warn('Passage vectors do not fit; ranking stays lexical', {
      reason: mismatch,
      vectors_index_hash: vectors.meta.indexHash.slice(0, 12),
      index_hash: knowledge.hash?.slice(0, 12),
    });
    return undefined;
  }
  return vectors.matrix;
}

/** Forgets cached vectors (tests). */
export function clearVectorCache(): void {
  cache.clear();
}

/** Why vectors cannot be used with this index and settings, if so. */
export function vectorMismatch(
  meta: VectorMeta,
  knowledge: TenantKnowledge,
  settings: EmbeddingSettings,
): VectorMismatch | undefined {
  if (meta.indexHash !== knowledge.hash) return 'other_index';
  if (
    meta.modelId !== settings.modelId ||
    meta.dimensions !== settings.dimensions
  ) {
    return 'other_model';
  }
  return meta.count === knowledge.index.file.chunks.length
    ? undefined
    : 'other_count';
}

async function freshVectors(
  tenantId: string,
  current: PassageVectors | undefined,
): Promise<PassageVectors | undefined> {
  const table = {
    client: dynamo,
    tableName: requireEnv(TABLES.tenants.envVar),
    tenantId,
  };
  const meta = await readVectorMeta(table);
  if (!meta) return undefined;
  if (meta.hash === current?.meta.hash) return current;

  const started = performance.now();
  const vectors = await readVectorItems(table, meta);
  if (!vectors) {
    throw new TransientError(
      `Passage vectors of tenant ${tenantId} are being replaced`,
    );
  }
  const matrix = openVectors(vectors);
  logger.info('Passage vectors loaded', {
    passages: meta.count,
    dimensions: meta.dimensions,
    model_id: meta.modelId,
    load_ms: Math.round(performance.now() - started),
  });
  return { meta, matrix };
}
