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
import { openIndex, type SearchIndex } from '../shared/knowledge/rank';
import {
  type IndexTable,
  readIndexItems,
  readIndexMeta,
} from '../shared/knowledge/store';
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
 * (`KIDX#` items) when there is one, else an index built from the tenant's
 * `DOC#` documents. While an ingest replaces the index, the copy already
 * in memory keeps serving.
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
  const file = meta
    ? await readIndexItems(table, meta)
    : buildIndex(await readDocuments(tenantId));
  const index = openIndex(file);
  logger.info('Knowledge loaded', {
    source: meta ? 'index' : 'documents',
    documents: file.documents.length,
    passages: file.chunks.length,
    load_ms: Math.round(performance.now() - started),
  });
  return { index, hash: meta?.hash };
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
