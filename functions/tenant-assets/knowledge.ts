import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AssetOutcome, KnowledgeAsset } from '../../schemas/tenant-assets';
import { bedrock } from '../shared/clients/bedrock';
import { ensurePassageVectors } from '../shared/knowledge/embed-passages';
import { ingestPaths } from '../shared/knowledge/ingest';
import { type IndexTable, storeIngestedIndex } from '../shared/knowledge/store';
import { logger } from '../shared/observability';
import { readAssetObject } from './asset-object';
import { extractZip } from './zip';

/**
 * Builds the tenant's knowledge index from its uploaded `knowledge/`
 * folder and stores it where retrieve loads it: the folder is unpacked
 * under `/tmp` and ingested as `npm run knowledge -- ingest` ingests it,
 * so document ids are the files' paths in the folder; the local seed
 * ingests a tenant folder's `knowledge/` the same way. An index identical
 * to the stored one (same version, tokenizer and hash) is not written
 * again. With `embeddings`, the passages are embedded with that Bedrock
 * model and stored beside the index, unless vectors of this index and
 * model are stored already.
 */
export async function ingestTenantKnowledge(
  table: IndexTable,
  asset: KnowledgeAsset,
  now = new Date(),
): Promise<AssetOutcome> {
  const started = performance.now();
  const archive = await readAssetObject(asset);
  const dir = await mkdtemp(join(tmpdir(), 'knowledge-'));
  try {
    const files = await extractZip(archive, dir);
    const ingested = await ingestPaths([dir], { baseUrl: asset.baseUrl });
    const { written, meta } = await storeIngestedIndex(table, ingested, now);
    const vectors = asset.embeddings
      ? await ensurePassageVectors(table, bedrock, asset.embeddings, {
          file: ingested.index,
          hash: meta.hash,
        })
      : 'none';
    logger.info(written ? 'Knowledge index stored' : 'Knowledge unchanged', {
      vectors,
      files,
      archive_bytes: archive.length,
      documents: meta.documents,
      chunks: meta.chunks,
      stored_bytes: meta.storedBytes,
      parts: meta.parts,
      index_hash: meta.hash.slice(0, 12),
      build_ms: ingested.summary.ms,
      total_ms: Math.round(performance.now() - started),
    });
    return written || vectors === 'stored' ? 'stored' : 'unchanged';
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
