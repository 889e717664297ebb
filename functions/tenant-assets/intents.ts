import type { AssetObject, AssetOutcome } from '../../schemas/tenant-assets';
import {
  type IntentTable,
  storeIntentsFromCsv,
} from '../shared/intent/artifact-store';
import { logger } from '../shared/observability';
import { readAssetObject } from './asset-object';

/**
 * Trains the tenant's intent classifier from its uploaded `intents.csv`
 * and stores it where understand loads it, the way the local seed does.
 * Examples identical to the stored artifact's are not trained again,
 * unless that artifact is of another format version.
 */
export async function trainTenantIntents(
  table: IntentTable,
  asset: AssetObject,
  now = new Date(),
): Promise<AssetOutcome> {
  const started = performance.now();
  const csv = (await readAssetObject(asset)).toString('utf8');
  const read_ms = Math.round(performance.now() - started);

  const { trained, meta, examples } = await storeIntentsFromCsv(
    table,
    csv,
    `intents.csv of tenant ${table.tenantId}`,
    now,
  );
  logger.info(trained ? 'Intents trained' : 'Intents unchanged', {
    examples,
    labels: meta.labels.length,
    bytes: meta.bytes,
    parts: meta.parts,
    examples_hash: meta.examplesHash.slice(0, 12),
    read_ms,
    total_ms: Math.round(performance.now() - started),
  });
  return trained ? 'stored' : 'unchanged';
}
