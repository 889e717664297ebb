import { TABLES } from '../../schemas/tables';
import { dynamo } from '../shared/clients/dynamo';
import { requireEnv } from '../shared/env';
import { deserializeModel, type IntentModel } from '../shared/intent';
import {
  type IntentArtifactMeta,
  type IntentTable,
  isReadableArtifact,
  readIntentArtifact,
  readIntentMeta,
  storedArtifactVersion,
} from '../shared/intent/artifact-store';
import { IntentModelVersionError } from '../shared/intent/errors';
import { INTENT_ARTIFACT_VERSION } from '../shared/intent/serialize';
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
 * from its `INTENT#` items; undefined for a tenant that has none, or whose
 * artifact is of a format version this code does not read (older or newer
 * code wrote it; the next seed or deploy trains it again), so understand
 * classifies by its rules meanwhile. While training replaces the artifact,
 * the copy in memory keeps serving.
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
  const model = isReadableArtifact(meta)
    ? await readModel(table, meta)
    : ignoreArtifact(storedArtifactVersion(meta));
  if (!model) return undefined;
  logger.info('Intent classifier loaded', {
    intents: model.labels.length,
    bytes: meta.bytes,
    load_ms: Math.round(performance.now() - started),
  });
  return { model, sha256: meta.sha256 };
}

/** The stored model, or undefined when it is of another format version. */
async function readModel(
  table: IntentTable,
  meta: IntentArtifactMeta,
): Promise<IntentModel | undefined> {
  const artifact = await readIntentArtifact(table, meta);
  try {
    return deserializeModel(artifact);
  } catch (error) {
    if (!(error instanceof IntentModelVersionError)) throw error;
    return ignoreArtifact(error.version);
  }
}

function ignoreArtifact(version: number): undefined {
  logger.warn(
    'Ignored an intent classifier of another format version; classifying ' +
      'by rules until it is trained again',
    { artifact_version: version, expected_version: INTENT_ARTIFACT_VERSION },
  );
  return undefined;
}
