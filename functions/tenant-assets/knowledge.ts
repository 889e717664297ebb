import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AssetOutcome, KnowledgeAsset } from '../../schemas/tenant-assets';
import { ingestPaths } from '../shared/knowledge/ingest';
import { type IndexTable, storeIngestedIndex } from '../shared/knowledge/store';
import { logger } from '../shared/observability';
import { readAssetObject } from './asset-object';
import { extractZip } from './zip';

// TODO(infra): a tenant whose configuration sets `knowledge.embeddings`
// gets only the lexical index here, so on AWS its ranking stays lexical
// (retrieve finds no vectors bound to the new index's hash) until
// `npm run knowledge -- ingest --embeddings --table <Tenants table>` runs
// against the deployed table. Passing the tenant's embedding settings in
// the resource's properties and calling `storePassageVectors` after a new
// index is stored, with bedrock:InvokeModel on that one embedding model
// granted to this function, would close it.

/**
 * Builds the tenant's knowledge index from its uploaded `knowledge/`
 * folder and stores it where retrieve loads it: the folder is unpacked
 * under `/tmp` and ingested as `npm run knowledge -- ingest` ingests it,
 * so document ids are the files' paths in the folder. An index identical
 * to the stored one is not written again.
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
    logger.info(written ? 'Knowledge index stored' : 'Knowledge unchanged', {
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
    return written ? 'stored' : 'unchanged';
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
