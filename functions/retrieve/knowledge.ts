import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { TABLES } from '../../schemas/tables';
import { dynamo } from '../shared/clients/dynamo';
import { requireEnv } from '../shared/env';
import { TENANT_SK, tenantPk } from '../shared/keys';
import { logger } from '../shared/observability';
import { type Bm25Index, buildIndex } from './bm25';
import { type Chunk, chunkDocument, type KnowledgeDocument } from './chunk';

/**
 * A knowledge document item of the Tenants table (`pk` `T#<tenantId>`, `sk`
 * `DOC#<documentId>`). The id ends up in citation markers `[[id#n]]`, so it
 * holds no whitespace and no `]`.
 */
export const KnowledgeDocumentSchema = z.object({
  documentId: z.string().regex(/^[^\s\]]{1,180}$/),
  title: z.string().min(1).max(300),
  url: z.string().max(2000).optional(),
  content: z.string(),
});

/** A tenant's knowledge, chunked and indexed. */
export interface TenantKnowledge {
  readonly chunks: ReadonlyMap<string, Chunk>;
  readonly index: Bm25Index;
}

/** How long a warm function trusts a tenant's cached knowledge. */
export const KNOWLEDGE_CACHE_MS = 5 * 60_000;
const cache = new Map<string, { knowledge: TenantKnowledge; until: number }>();

/**
 * Loads, chunks and indexes a tenant's documents, cached per warm function
 * for five minutes: an edited document shows up within that time.
 */
export async function loadKnowledge(
  tenantId: string,
  now = Date.now(),
): Promise<TenantKnowledge> {
  const hit = cache.get(tenantId);
  if (hit && hit.until > now) return hit.knowledge;

  const documents = await readDocuments(tenantId);
  const chunks = documents.flatMap(chunkDocument);
  const index = buildIndex(
    chunks.map((c) => ({
      id: c.id,
      title: `${c.title}\n${c.heading}`,
      body: c.body,
    })),
  );
  const knowledge = { chunks: new Map(chunks.map((c) => [c.id, c])), index };
  cache.set(tenantId, { knowledge, until: now + KNOWLEDGE_CACHE_MS });
  logger.info('Knowledge indexed', {
    documents: documents.length,
    passages: chunks.length,
  });
  return knowledge;
}

/** Forgets cached knowledge (tests, and after documents change). */
export function clearKnowledgeCache(): void {
  cache.clear();
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
