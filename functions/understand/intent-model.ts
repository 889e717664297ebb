import { TABLES } from '../../schemas/tables';
import { dynamo } from '../shared/clients/dynamo';
import { requireEnv } from '../shared/env';
import { deserializeModel, type IntentModel } from '../shared/intent';
import {
  type IntentTable,
  readIntentArtifact,
  readIntentMeta,
} from '../shared/intent/artifact-store';
import { logger } from '../shared/observability';
import { TenantCache } from '../shared/tenant-cache';

/**
 * How long a warm function trusts its copy of a tenant's classifier before
 * it reads the artifact's META item again. A retrained artifact (another
 * hash) shows up within this time; an unchanged one costs one small read.
 */
export const INTENT_MODEL_CHECK_MS = 60_000;

/** A tenant's trained classifier and the hash of its artifact. */
export interface TenantIntentModel {
  readonly model: IntentModel;
  readonly sha256: string;
}

const cache = new TenantCache<TenantIntentModel | undefined>(
  'intent classifier',
  INTENT_MODEL_CHECK_MS,
  (tenantId, current) => freshModel(tenantId, current),
);

/**
 * The tenant's trained intent classifier, loaded once per warm function
 * from its `INTENT#` items; undefined for a tenant that has none. While
 * training replaces the artifact, the copy in memory keeps serving.
 */
export function loadIntentModel(
  tenantId: string,
  now = Date.now(),
): Promise<TenantIntentModel | undefined> {
  return cache.get(tenantId, now);
}

/** Forgets cached classifiers (tests, and after training). */
export function clearIntentModelCache(): void {
  cache.clear();
}

async function freshModel(
  tenantId: string,
  current: TenantIntentModel | undefined,
): Promise<TenantIntentModel | undefined> {
  const table: IntentTable = {
    client: dynamo,
    tableName: requireEnv(TABLES.tenants.envVar),
    tenantId,
  };
  const meta = await readIntentMeta(table);
  if (!meta) return undefined;
  if (meta.sha256 === current?.sha256) return current;

  const started = performance.now();
  const model = deserializeModel(await readIntentArtifact(table, meta));
  logger.info('Intent classifier loaded', {
    intents: model.labels.length,
    bytes: meta.bytes,
    load_ms: Math.round(performance.now() - started),
  });
  return { model, sha256: meta.sha256 };
}
