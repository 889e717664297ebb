import { createHash } from 'node:crypto';
import * as z from 'zod';
import { TransientError } from '../errors';
import {
  MAX_PART_BYTES,
  partCount,
  partKeys,
  readMeta,
  readParts,
  type TenantTable,
  writeParts,
} from '../tenant-parts';
import { type LabelledExample, parseLabelledCsv } from './csv';
import { INTENT_ARTIFACT_VERSION, serializeModel } from './serialize';
import { train } from './train';

/**
 * Where a tenant's trained intent classifier lives on the Tenants table:
 * the serialized artifact cut into binary parts `INTENT#0001`, … and an
 * `INTENT#META` item naming its SHA-256, parts and labels. Every part
 * carries the hash, so a reader can tell a torn read from a good one.
 * The tenant folder's `intents.csv` is trained into these items by the
 * local seed and, on AWS, by the tenant assets custom resource at deploy
 * time (`functions/tenant-assets`); understand loads them at cold start.
 */
export const INTENT_SK = partKeys('INTENT');

/** Largest part, well under DynamoDB's 400 KB item limit. */
export const MAX_INTENT_PART_BYTES = MAX_PART_BYTES;

const HASH = z.string().regex(/^[0-9a-f]{64}$/);

export const IntentArtifactMetaSchema = z.object({
  /** SHA-256 of the serialized artifact. */
  sha256: HASH,
  parts: z.number().int().min(1),
  bytes: z.number().int().min(0),
  labels: z.array(z.string().min(1)).min(2),
  /** SHA-256 of the labelled examples the artifact was trained on. */
  examplesHash: HASH,
  /**
   * Format version of the artifact (`INTENT_ARTIFACT_VERSION` of the code
   * that wrote it); see {@link storedArtifactVersion} when absent.
   */
  artifactVersion: z.number().int().min(1).optional(),
  trainedAt: z.string(),
});
export type IntentArtifactMeta = z.infer<typeof IntentArtifactMetaSchema>;

/** Format version of the artifacts written before META recorded it. */
const UNRECORDED_ARTIFACT_VERSION = 1;

/**
 * The format version of a stored artifact. META items without one were
 * written when version 1 was the only format.
 */
export const storedArtifactVersion = (meta: IntentArtifactMeta): number =>
  meta.artifactVersion ?? UNRECORDED_ARTIFACT_VERSION;

/** True when this code reads the format of the artifact META names. */
export const isReadableArtifact = (meta: IntentArtifactMeta): boolean =>
  storedArtifactVersion(meta) === INTENT_ARTIFACT_VERSION;

export type IntentTable = TenantTable;

const sha256 = (data: Uint8Array | string) =>
  createHash('sha256').update(data).digest('hex');

/** A hash of labelled examples, independent of their order. */
export function examplesHash(examples: readonly LabelledExample[]): string {
  const lines = examples.map((e) => JSON.stringify([e.text, e.label]));
  return sha256(lines.sort().join('\n'));
}

/**
 * Trains the tenant's classifier and stores it, unless the stored artifact
 * was trained on the same examples and is of the format this code writes
 * (an upgrade that changes the format retrains). Returns whether it
 * trained.
 */
export async function storeTrainedIntents(
  table: IntentTable,
  examples: readonly LabelledExample[],
  now = new Date(),
): Promise<{ readonly trained: boolean; readonly meta: IntentArtifactMeta }> {
  const hash = examplesHash(examples);
  const current = await readIntentMeta(table).catch(() => undefined);
  if (current?.examplesHash === hash && isReadableArtifact(current)) {
    return { trained: false, meta: current };
  }

  const model = train(examples);
  const artifact = serializeModel(model);
  const meta = await writeIntentArtifact(
    table,
    artifact,
    { labels: [...model.labels], examplesHash: hash },
    now,
  );
  return { trained: true, meta };
}

/** What {@link storeIntentsFromCsv} did with a tenant's examples. */
export interface IntentsFromCsv {
  readonly trained: boolean;
  readonly meta: IntentArtifactMeta;
  /** Labelled examples the CSV held. */
  readonly examples: number;
}

/**
 * Reads a tenant's labelled examples from CSV text (a `text` and a
 * `category` column), trains its classifier and stores it, unless the
 * stored artifact was trained on the same examples and is of the current
 * format. The local seed calls it with `intents.csv` of the tenant folder,
 * the deploy-time tenant assets function with the same file uploaded as an
 * asset.
 *
 * @throws IntentDataError naming `source` when the CSV cannot be used.
 */
export async function storeIntentsFromCsv(
  table: IntentTable,
  csv: string,
  source: string,
  now = new Date(),
): Promise<IntentsFromCsv> {
  const examples = parseLabelledCsv(csv, source);
  const stored = await storeTrainedIntents(table, examples, now);
  return { ...stored, examples: examples.length };
}

/**
 * Stores an artifact {@link serializeModel} wrote: the parts first, then
 * the META item that makes them current (recording the format version),
 * then removes parts an earlier, larger artifact left behind.
 */
export async function writeIntentArtifact(
  table: IntentTable,
  artifact: Uint8Array,
  about: Pick<IntentArtifactMeta, 'labels' | 'examplesHash'>,
  now = new Date(),
): Promise<IntentArtifactMeta> {
  const previous = await readIntentMeta(table).catch(() => undefined);
  const hash = sha256(artifact);
  const meta: IntentArtifactMeta = {
    sha256: hash,
    parts: partCount(artifact.length),
    bytes: artifact.length,
    ...about,
    artifactVersion: INTENT_ARTIFACT_VERSION,
    trainedAt: now.toISOString(),
  };
  await writeParts(table, INTENT_SK, artifact, hash, meta, previous?.parts);
  return meta;
}

/** The tenant's artifact META item, or undefined when it has none. */
export async function readIntentMeta(
  table: IntentTable,
): Promise<IntentArtifactMeta | undefined> {
  return readMeta(
    table,
    INTENT_SK,
    IntentArtifactMetaSchema,
    'Intent artifact',
    'train it again',
  );
}

/**
 * Reads the parts META names and checks their hash. Throws a
 * `TransientError` when a part is missing or belongs to another artifact:
 * training is replacing it, and reading again will succeed.
 */
export async function readIntentArtifact(
  table: IntentTable,
  meta: IntentArtifactMeta,
): Promise<Uint8Array> {
  const data = await readParts(table, INTENT_SK, meta.parts, meta.sha256);
  const artifact = data ? new Uint8Array(data) : undefined;
  if (!artifact || sha256(artifact) !== meta.sha256) {
    throw new TransientError(
      `Intent artifact of tenant ${table.tenantId} is being replaced`,
    );
  }
  return artifact;
}
