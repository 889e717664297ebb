import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  clearKnowledgeCache,
  KNOWLEDGE_CHECK_MS,
  loadKnowledge,
} from '../../functions/retrieve/knowledge';
import { retrieve, selectPassages } from '../../functions/retrieve/retrieve';
import { dynamo } from '../../functions/shared/clients/dynamo';
import { TransientError } from '../../functions/shared/errors';
import { TENANT_SK, tenantPk } from '../../functions/shared/keys';
import { buildIndex } from '../../functions/shared/knowledge/build';
import type { KnowledgeDocument } from '../../functions/shared/knowledge/documents';
import { encodeIndex } from '../../functions/shared/knowledge/index-format';
import {
  KNOWLEDGE_SK,
  writeIndexItems,
} from '../../functions/shared/knowledge/store';
import { clearTenantCache } from '../../functions/shared/tenants';
import { helpArticles } from '../knowledge/fixtures';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  message,
  ref,
  seedConversation,
  TENANT,
  TENANTS,
  tenantConfig,
  turn,
  turnItem,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
let tables: FakeTables;

/** Stores an index of `documents` the way the ingest command does. */
async function storeIndex(documents: readonly KnowledgeDocument[]) {
  const index = buildIndex(documents);
  await writeIndexItems(
    { client: dynamo, tableName: TENANTS, tenantId: TENANT },
    encodeIndex(index),
    { documents: documents.length, chunks: index.chunks.length },
  );
}

function storeDocuments(documents: readonly KnowledgeDocument[]) {
  for (const doc of documents) {
    tables.put(TENANTS, {
      pk: tenantPk(TENANT),
      sk: TENANT_SK.document(doc.documentId),
      ...doc,
    });
  }
}

const partReads = () =>
  ddb
    .commandCalls(GetCommand)
    .filter((c) => c.args[0].input.Key?.sk === KNOWLEDGE_SK.part(1)).length;

const documentQueries = () =>
  ddb
    .commandCalls(QueryCommand)
    .filter((c) => c.args[0].input.TableName === TENANTS).length;

beforeEach(() => {
  ddb.reset();
  clearTenantCache();
  clearKnowledgeCache();
  tables = new FakeTables(ddb);
  ddb.on(BatchWriteCommand).callsFake((input: BatchWriteCommand['input']) => {
    for (const [table, requests] of Object.entries(input.RequestItems ?? {})) {
      for (const r of requests)
        if (r.PutRequest?.Item) tables.put(table, r.PutRequest.Item);
    }
    return {};
  });
});

describe('retrieve', () => {
  it('stores the best passages of the stored index for the turn’s customer text', async () => {
    // Prepare
    await storeIndex(helpArticles());
    seedConversation(tables, {
      messages: [
        message(1, 'customer', 'Hi there'),
        message(2, 'assistant', 'Hello!'),
        message(3, 'customer', 'What is the return window for an item?'),
      ],
      turns: [turn({ sequences: [3] })],
      config: tenantConfig({ knowledge: { maxPassages: 1, minScore: 0.3 } }),
    });

    // Act
    const output = await retrieve({ ...ref(), index: 1 });

    // Assess
    expect(output).toEqual({ passages: 1 });
    const [passage] = turnItem(tables).passages;
    expect(passage).toEqual({
      id: 'returns#2',
      documentId: 'returns',
      title: 'Returns and refunds',
      url: 'https://help.example.com/returns',
      text: '## Return window\nYou can return an unused item within 30 days of delivery.',
      score: expect.any(Number),
    });
    expect(passage?.score).toBeGreaterThanOrEqual(0.3);
    expect(turnItem(tables).latencyMs.retrieve).toBeGreaterThanOrEqual(0);
    expect(documentQueries()).toBe(0);
  });

  it('builds the index from the tenant’s documents when it has none stored', async () => {
    // Prepare
    storeDocuments(helpArticles());
    seedConversation(tables, {
      messages: [message(1, 'customer', 'Where is my tracking number?')],
      turns: [turn()],
    });

    // Act
    await retrieve({ ...ref(), index: 1 });

    // Assess
    expect(turnItem(tables).passages[0]?.id).toBe('shipping#2');
    expect(documentQueries()).toBe(1);
  });

  it('retrieves nothing for a turn routed to a human', async () => {
    // Prepare
    await storeIndex(helpArticles());
    seedConversation(tables, {
      messages: [message(1, 'customer', 'a human, now')],
      turns: [turn({ route: 'handoff' })],
    });

    // Act
    const output = await retrieve({ ...ref(), index: 1 });

    // Assess
    expect(output).toEqual({ passages: 0 });
    expect(partReads()).toBe(0);
    expect(turnItem(tables).passages).toEqual([]);
  });
});

describe('loadKnowledge', () => {
  const ids = async (now: number, query: string) => {
    const knowledge = await loadKnowledge(TENANT, now);
    return selectPassages(knowledge, query, {
      maxPassages: 3,
      minScore: 0,
    }).map((p) => p.id);
  };

  it('reads the index once per warm function, then only its META item', async () => {
    // Prepare
    await storeIndex(helpArticles());

    // Act
    await loadKnowledge(TENANT, 0);
    await loadKnowledge(TENANT, KNOWLEDGE_CHECK_MS - 1);
    const metaReadsBefore = ddb.commandCalls(GetCommand).length;
    await loadKnowledge(TENANT, KNOWLEDGE_CHECK_MS);

    // Assess
    expect(partReads()).toBe(1);
    expect(ddb.commandCalls(GetCommand).length).toBe(metaReadsBefore + 1);
  });

  it('loads a new index once its META hash changes', async () => {
    // Prepare
    await storeIndex(helpArticles());
    const before = await ids(0, 'hammock care');
    await storeIndex([
      ...helpArticles(),
      { documentId: 'care', title: 'Hammock care', content: 'Hand wash only.' },
    ]);

    // Act
    const cached = await ids(1, 'hammock care');
    const fresh = await ids(KNOWLEDGE_CHECK_MS, 'hammock care');

    // Assess
    expect(before).toEqual([]);
    expect(cached).toEqual([]);
    expect(fresh).toEqual(['care#1']);
    expect(partReads()).toBe(2);
  });

  it('keeps serving the cached index while a replacement is half written', async () => {
    // Prepare
    await storeIndex(helpArticles());
    await loadKnowledge(TENANT, 0);
    const meta = tables.get(TENANTS, tenantPk(TENANT), KNOWLEDGE_SK.meta);
    tables.put(TENANTS, { ...meta, hash: 'e'.repeat(64) });

    // Act
    const knowledge = await loadKnowledge(TENANT, KNOWLEDGE_CHECK_MS);

    // Assess
    expect(knowledge.index.file.documents).toHaveLength(3);
  });

  it('throws a TransientError on a cold start during a replacement', async () => {
    // Prepare
    await storeIndex(helpArticles());
    const meta = tables.get(TENANTS, tenantPk(TENANT), KNOWLEDGE_SK.meta);
    tables.put(TENANTS, { ...meta, hash: 'e'.repeat(64) });

    // Act
    const load = loadKnowledge(TENANT, 0);

    // Assess
    await expect(load).rejects.toThrow(TransientError);
  });
});

describe('selectPassages', () => {
  it('keeps at most maxPassages scoring at least minScore', async () => {
    // Prepare
    await storeIndex(helpArticles());
    const knowledge = await loadKnowledge(TENANT);
    const query = 'return refund delivery tracking';

    // Act
    const loose = selectPassages(knowledge, query, {
      maxPassages: 2,
      minScore: 0,
    });
    const strict = selectPassages(knowledge, query, {
      maxPassages: 10,
      minScore: 0.9,
    });

    // Assess
    expect(loose).toHaveLength(2);
    expect(strict).toEqual([]);
  });
});
