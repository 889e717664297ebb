import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../functions/shared/errors';
import { storeIntentsFromCsv } from '../functions/shared/intent/artifact-store';
import { TENANT_SK, tenantPk } from '../functions/shared/keys';
import { indexDocuments } from '../functions/shared/knowledge/ingest';
import { storeIngestedIndex } from '../functions/shared/knowledge/store';
import { batchWriteAll } from '../functions/shared/store/batch-write';
import { DynamoStore } from '../functions/shared/store/dynamo';
import { loadStoreDir } from '../functions/shared/store/json';
import { parseOrThrow } from '../functions/shared/validate';
import {
  type TenantConfig,
  TenantConfigSchema,
} from '../schemas/tenant-config';
import { seedPassageVectors } from './seed-vectors';

/** Table names the seed writes to. */
export interface SeedTables {
  readonly tenants: string;
  readonly store: string;
}

export interface SeedCounts {
  readonly documents: number;
  readonly users: number;
  readonly orders: number;
  readonly products: number;
}

/** A knowledge article of a tenant folder, as stored on the Tenants table. */
export interface KnowledgeDocument {
  readonly documentId: string;
  readonly title: string;
  readonly url: string;
  readonly content: string;
}

/** Help-centre address of an article, for citations. */
const articleUrl = (documentId: string) =>
  `https://help.example.com/${documentId}`;

/**
 * Loads a tenant folder into DynamoDB: `tenant.json` (the configuration),
 * `knowledge/*.md` (one document per file, plus the knowledge index built
 * from them), `intents.csv` when present (labelled examples the tenant's
 * intent classifier is trained on) and `store/*.json` (τ-bench shaped
 * users, orders and products). Every write is a put of a deterministic key, so seeding again
 * overwrites instead of duplicating.
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
  options: {
    resetStore?: boolean;
    /** Adapts the configuration written (the local tool stand-ins). */
    localConfig?: (config: TenantConfig) => TenantConfig;
  } = {},
): Promise<SeedCounts> {
  const declared = await readTenantConfig(dir);
  const config = options.localConfig?.(declared) ?? declared;
  const documents = await readKnowledge(join(dir, 'knowledge'));
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
  const items = documents.map((doc) => ({
    pk,
    sk: TENANT_SK.document(doc.documentId),
    ...doc,
  }));
  await batchWriteAll(client, tables.tenants, items);
  await writeKnowledgeIndex(client, tables.tenants, config, documents);
  await trainIntents(client, tables.tenants, config.tenantId, dir);
  await batchWriteAll(client, tables.tenants, [
    { pk, sk: TENANT_SK.config, config },
  ]);

  return { documents: documents.length, ...counts };
}

/**
 * Builds the index of a tenant's documents and stores it as `KIDX#` items
 * next to them, where the retrieve step loads it, unless the stored one is
 * identical; then embeds its passages when the tenant ranks with
 * embeddings. A folder without articles gets no index.
 */
async function writeKnowledgeIndex(
  client: DynamoDBDocumentClient,
  tableName: string,
  config: TenantConfig,
  documents: readonly KnowledgeDocument[],
): Promise<void> {
  if (documents.length === 0) return;
  const table = { client, tableName, tenantId: config.tenantId };
  const ingested = indexDocuments(documents);
  await storeIngestedIndex(table, ingested);
  await seedPassageVectors(table, config, {
    file: ingested.index,
    hash: ingested.encoded.hash,
  });
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

/**
 * Reads every `*.md` of a folder as a document: the id is the file name
 * without `.md`, the title its first `# ` heading.
 */
export async function readKnowledge(dir: string): Promise<KnowledgeDocument[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort();
  return Promise.all(
    files.map(async (file) => {
      const content = (await readFile(join(dir, file), 'utf8')).trim();
      const documentId = basename(file, '.md');
      return {
        documentId,
        title: titleOf(content, join(dir, file)),
        url: articleUrl(documentId),
        content,
      };
    }),
  );
}

function titleOf(markdown: string, file: string): string {
  const heading = /^# (.+)/.exec(markdown);
  if (!heading) {
    throw new ValidationError(
      `${file} must start with a first-level "# Title" heading`,
    );
  }
  return heading[1].trim();
}
