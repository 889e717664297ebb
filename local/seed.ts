import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { storeIntentsFromCsv } from '../functions/shared/intent/artifact-store';
import { TENANT_SK, tenantPk } from '../functions/shared/keys';
import { storeIngestedIndex } from '../functions/shared/knowledge/store';
import { logger } from '../functions/shared/observability';
import { batchWriteAll } from '../functions/shared/store/batch-write';
import { DynamoStore } from '../functions/shared/store/dynamo';
import { loadStoreDir } from '../functions/shared/store/json';
import { parseOrThrow } from '../functions/shared/validate';
import type { GuardrailRef } from '../schemas/guardrails';
import {
  type TenantConfig,
  TenantConfigSchema,
} from '../schemas/tenant-config';
import {
  type KnowledgeSource,
  readTenantKnowledge,
  type TenantKnowledge,
} from './seed-knowledge';
import { seedPassageVectors } from './seed-vectors';

/** Table names the seed writes to. */
export interface SeedTables {
  readonly tenants: string;
  readonly store: string;
}

/** What the seed did with a tenant's knowledge. */
export interface KnowledgeSeeding {
  /** Where the index came from; `none` when there was no knowledge. */
  readonly source: KnowledgeSource | 'none';
  /** The file or folder it was read from. */
  readonly path?: string;
  /** Documents the index holds. */
  readonly documents: number;
  /** False when the stored index was the same already. */
  readonly written: boolean;
}

export interface SeedCounts {
  /** `DOC#` items written: the tenant folder's articles. */
  readonly documents: number;
  readonly users: number;
  readonly orders: number;
  readonly products: number;
  readonly knowledge: KnowledgeSeeding;
}

export interface SeedOptions {
  /** Loads the store's data even when the tenant was seeded before. */
  readonly resetStore?: boolean;
  /** Adapts the configuration written (the local tool stand-ins). */
  readonly localConfig?: (config: TenantConfig) => TenantConfig;
  /**
   * The local runtime's data directory: an index `npm run knowledge --
   * ingest` wrote to `<dataDir>/knowledge/<tenant>.json` is stored instead
   * of one built from the tenant folder.
   * @default - the tenant folder's knowledge only
   */
  readonly dataDir?: string;
  /**
   * The guardrail the tenant's model calls run under, from its declared
   * configuration; stored beside the configuration as the stack's seed
   * does on AWS.
   * @default - none stored
   */
  readonly guardrail?: (config: TenantConfig) => GuardrailRef;
}

/**
 * Loads a tenant folder into DynamoDB: `tenant.json` (the configuration),
 * the knowledge index (see below), `intents.csv` when present (labelled
 * examples the tenant's intent classifier is trained on) and `store/*.json`
 * (τ-bench shaped users, orders and products). Every write is a put of a
 * deterministic key, so seeding again overwrites instead of duplicating.
 *
 * The knowledge index is built from the folder's `knowledge/` (markdown,
 * HTML and JSON, also written as `DOC#` items) by the code the deploy-time
 * tenant assets function runs, with the tenant's `knowledge.baseUrl`, so a
 * folder behaves alike locally and on AWS. An index the operator ingested
 * into `dataDir` takes its place (see `readTenantKnowledge`).
 *
 * Configuration and knowledge are written on every call, so edits to the
 * folder take effect at the next start; the store's data only when the
 * tenant is new (or `resetStore` is set), so the orders customers changed
 * survive a restart.
 * The configuration is written last: once `isSeeded` sees it, the rest is
 * there.
 */
export async function seedTenant(
  client: DynamoDBDocumentClient,
  tables: SeedTables,
  dir = 'tenants/demo',
  options: SeedOptions = {},
): Promise<SeedCounts> {
  const declared = await readTenantConfig(dir);
  const config = options.localConfig?.(declared) ?? declared;
  const knowledge = await readTenantKnowledge(dir, config, options.dataDir);
  const pk = tenantPk(config.tenantId);

  const seeded = await isSeeded(client, tables, config.tenantId);
  const counts =
    seeded && !options.resetStore
      ? { users: 0, orders: 0, products: 0 }
      : await new DynamoStore({
          client,
          tableName: tables.store,
          tenantId: config.tenantId,
        }).putAll(await loadStoreDir(join(dir, 'store')));
  const documents = knowledge?.documents ?? [];
  const items = documents.map((doc) => ({
    pk,
    sk: TENANT_SK.document(doc.documentId),
    ...doc,
  }));
  await batchWriteAll(client, tables.tenants, items);
  const seeding = await writeKnowledgeIndex(
    client,
    tables.tenants,
    config,
    knowledge,
  );
  await trainIntents(client, tables.tenants, config.tenantId, dir);
  const guardrail = options.guardrail?.(declared);
  await batchWriteAll(client, tables.tenants, [
    { pk, sk: TENANT_SK.config, config, ...(guardrail ? { guardrail } : {}) },
  ]);

  return { documents: documents.length, ...counts, knowledge: seeding };
}

/**
 * Stores the tenant's index as `KIDX#` items, where the retrieve step
 * loads it, unless the stored one is identical; then embeds its passages
 * when the tenant ranks with embeddings. Logs where the index came from.
 */
async function writeKnowledgeIndex(
  client: DynamoDBDocumentClient,
  tableName: string,
  config: TenantConfig,
  knowledge: TenantKnowledge | undefined,
): Promise<KnowledgeSeeding> {
  const seeding = knowledge
    ? await storeKnowledge({ client, tableName }, config, knowledge)
    : { source: 'none' as const, documents: 0, written: false };
  logger.info('Knowledge seeded', {
    tenant_id: config.tenantId,
    ...seeding,
  });
  return seeding;
}

async function storeKnowledge(
  { client, tableName }: { client: DynamoDBDocumentClient; tableName: string },
  config: TenantConfig,
  { source, path, index, encoded }: TenantKnowledge,
): Promise<KnowledgeSeeding> {
  const table = { client, tableName, tenantId: config.tenantId };
  const { written } = await storeIngestedIndex(table, { index, encoded });
  await seedPassageVectors(table, config, {
    file: index,
    hash: encoded.hash,
  });
  return { source, path, documents: index.documents.length, written };
}

/** What {@link trainIntents} did. */
export type IntentTraining = 'trained' | 'unchanged' | 'none';

/**
 * Trains the tenant's intent classifier from `<dir>/intents.csv` and
 * stores it as `INTENT#` items, where understand loads it. Training is
 * deterministic, so unchanged examples keep the stored artifact; a folder
 * without the file gets no classifier.
 */
export async function trainIntents(
  client: DynamoDBDocumentClient,
  tableName: string,
  tenantId: string,
  dir: string,
  now = new Date(),
): Promise<IntentTraining> {
  const file = join(dir, 'intents.csv');
  if (!existsSync(file)) return 'none';
  const { trained } = await storeIntentsFromCsv(
    { client, tableName, tenantId },
    await readFile(file, 'utf8'),
    file,
    now,
  );
  return trained ? 'trained' : 'unchanged';
}

/** True once a tenant's configuration is on the Tenants table. */
export async function isSeeded(
  client: DynamoDBDocumentClient,
  tables: Pick<SeedTables, 'tenants'>,
  tenantId: string,
): Promise<boolean> {
  const { Item } = await client.send(
    new GetCommand({
      TableName: tables.tenants,
      Key: { pk: tenantPk(tenantId), sk: TENANT_SK.config },
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}

/** Reads and validates `<dir>/tenant.json`, naming the bad field. */
export async function readTenantConfig(dir: string): Promise<TenantConfig> {
  const file = join(dir, 'tenant.json');
  const json: unknown = JSON.parse(await readFile(file, 'utf8'));
  return parseOrThrow(TenantConfigSchema, json, file);
}
