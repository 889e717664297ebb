import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../schemas/tables';
import { dynamo } from '../shared/clients/dynamo';
import { requireEnv } from '../shared/env';
import { TENANT_SK, tenantPk } from '../shared/keys';
import { buildIndex } from '../shared/knowledge/build';
import {
  type KnowledgeDocument,
  KnowledgeDocumentSchema,
} from '../shared/knowledge/documents';
import { KnowledgeIndexVersionError } from '../shared/knowledge/errors';
import {
  INDEX_VERSION,
  isReadableIndex,
  type KnowledgeIndexFile,
} from '../shared/knowledge/index-format';
import { openIndex, type SearchIndex } from '../shared/knowledge/rank';
import {
  type IndexMeta,
  type IndexTable,
  readIndexItems,
  readIndexMeta,
} from '../shared/knowledge/store';
import { TOKENIZER_ID } from '../shared/knowledge/tokenize';
import { logger } from '../shared/observability';
import { TenantCache } from '../shared/tenant-cache';

/** A tenant's knowledge, ready for queries. */
export interface TenantKnowledge {
  readonly index: SearchIndex;
  /** Hash of the stored index; undefined when built from documents. */
  readonly hash: string | undefined;
}

/**
 * How long a warm function trusts its copy of a tenant's knowledge before
 * it reads the index's META item again. A new index (another hash) shows
 * up within this time; an unchanged one costs one small read.
 */
export const KNOWLEDGE_CHECK_MS = 60_000;

const cache = new TenantCache<TenantKnowledge>(
  'knowledge index',
  KNOWLEDGE_CHECK_MS,
  (tenantId, current) => freshKnowledge(tenantId, current),
);

/**
 * The tenant's knowledge, loaded once per warm function: the stored index
 * (`KIDX#` items) when there is one this code reads, else an index built
 * from the tenant's `DOC#` documents (none at all for a tenant without
 * them). An index of another version or tokenizer (older or newer code
 * built it; the next seed, deploy or ingest replaces it) counts as none,
 * with a warning. While an ingest replaces the index, the copy already in
 * memory keeps serving.
 */
export function loadKnowledge(
  tenantId: string,
  now = Date.now(),
): Promise<TenantKnowledge> {
  return cache.get(tenantId, now);
}

/** Forgets cached knowledge (tests, and after documents change). */
export function clearKnowledgeCache(): void {
  cache.clear();
}

async function freshKnowledge(
  tenantId: string,
  current: TenantKnowledge | undefined,
): Promise<TenantKnowledge> {
  const table: IndexTable = {
    client: dynamo,
    tableName: requireEnv(TABLES.tenants.envVar),
    tenantId,
  };
  const meta = await readIndexMeta(table);
  if (meta && meta.hash === current?.hash) return current;

  const started = performance.now();
  // TODO(retrieve): a tenant with `DOC#` items but no stored index (its
  // documents written by hand, not by the knowledge command, the local seed
  // or the deploy-time tenant assets resource, which all store the index)
  // gets one built from them on every cold start and every check, which
  // grows with the knowledge base. A stream handler on `DOC#` items that
  // stores the index would close it, and let this fallback go.
  const stored = meta && (await readStoredIndex(table, meta));
  const file = stored ?? buildIndex(await readDocuments(tenantId));
  const index = openIndex(file);
  logger.info('Knowledge loaded', {
    source: stored ? 'index' : 'documents',
    documents: file.documents.length,
    passages: file.chunks.length,
    load_ms: Math.round(performance.now() - started),
  });
  return { index, hash: stored ? meta?.hash : undefined };
}

/** The stored index, or undefined when it is of another version. */
async function readStoredIndex(
  table: IndexTable,
  meta: IndexMeta,
): Promise<KnowledgeIndexFile | undefined> {
  if (!isReadableIndex(meta)) {
    return ignoreIndex(meta.version, meta.tokenizer);
  }
  try {
    return await readIndexItems(table, meta);
  } catch (error) {
    if (!(error instanceof KnowledgeIndexVersionError)) throw error;
    return ignoreIndex(error.version, error.tokenizer);
  }
}

function ignoreIndex(version: unknown, tokenizer: unknown): undefined {
  logger.warn(
    'Ignored a knowledge index of another version; ranking the tenant ' +
      'documents until it is ingested again',
    {
      index_version: version,
      index_tokenizer: tokenizer,
      expected_version: INDEX_VERSION,
      expected_tokenizer: TOKENIZER_ID,
    },
  );
  return undefined;
}

async function readDocuments(tenantId: string): Promise<KnowledgeDocument[]> {
  const documents: KnowledgeDocument[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: requireEnv(TABLES.tenants.envVar),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :doc)',
        ExpressionAttributeValues: {
          ':pk': tenantPk(tenantId),
          ':doc': TENANT_SK.documentPrefix,
        },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const parsed = KnowledgeDocumentSchema.safeParse(item);
      if (parsed.success) documents.push(parsed.data);
      else
        logger.warn('Skipped an invalid knowledge document', { sk: item.sk });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return documents;
}
