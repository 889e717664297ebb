import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { clearKnowledgeCache } from '../../functions/retrieve/knowledge';
import { retrieve, selectPassages } from '../../functions/retrieve/retrieve';
import { clearVectorCache } from '../../functions/retrieve/vectors';
import { bedrock } from '../../functions/shared/clients/bedrock';
import { dynamoClient } from '../../functions/shared/clients/dynamo';
import {
  conversationPk,
  SK,
  TENANT_SK,
  tenantPk,
} from '../../functions/shared/keys';
import { buildIndex } from '../../functions/shared/knowledge/build';
import type { KnowledgeDocument } from '../../functions/shared/knowledge/documents';
import { storePassageVectors } from '../../functions/shared/knowledge/embed-passages';
import type { EmbeddingModel } from '../../functions/shared/knowledge/embedding-models';
import { encodeIndex } from '../../functions/shared/knowledge/index-format';
import { openIndex } from '../../functions/shared/knowledge/rank';
import { writeIndexItems } from '../../functions/shared/knowledge/store';
import { clearTenantCache } from '../../functions/shared/tenants';
import {
  type BedrockApi,
  type BedrockApiLogEntry,
  startBedrockApi,
} from '../../local/bedrock/server';
import type { TurnRecord } from '../../schemas/turn';
import { helpArticles } from '../knowledge/fixtures';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';
import {
  CONVERSATION,
  head,
  message,
  tenantConfig,
  turn,
} from './workflow-steps/fixtures';

/**
 * The retrieve step against dynalite and the offline Bedrock endpoint,
 * through the function's own clients: index and passage vectors stored as
 * the ingest command stores them, the query embedded by the local
 * stand-in.
 */
const TITAN: EmbeddingModel = {
  modelId: 'amazon.titan-embed-text-v2:0',
  dimensions: 256,
};

let dynamo: TestDynamo;
let api: BedrockApi;
let ingestClient: BedrockRuntimeClient;
const calls: BedrockApiLogEntry[] = [];
let tenantId = '';
let tenants = 0;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  api = await startBedrockApi({ logger: (entry) => calls.push(entry) });
  ingestClient = new BedrockRuntimeClient({
    endpoint: api.url,
    region: 'us-east-1',
  });
  // The module clients resolve their endpoints at their first request.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = api.url;
});

afterAll(async () => {
  dynamoClient.destroy();
  bedrock.destroy();
  ingestClient.destroy();
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  delete process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
  await api.close();
  await dynamo.close();
});

beforeEach(() => {
  tenants += 1;
  tenantId = `hybrid${tenants}`;
  clearTenantCache();
  clearKnowledgeCache();
  clearVectorCache();
});

const table = () => ({
  client: dynamo.client,
  tableName: 'Tenants',
  tenantId,
});

/** Stores an index and returns its hash, as the ingest command does. */
async function storeIndex(documents: readonly KnowledgeDocument[]) {
  const file = buildIndex(documents);
  const encoded = encodeIndex(file);
  await writeIndexItems(table(), encoded, {
    documents: documents.length,
    chunks: file.chunks.length,
  });
  return { file, hash: encoded.hash };
}

/** A conversation whose first turn answers one customer message. */
async function seedTurn(text: string, embeddings: unknown) {
  const put = (Item: Record<string, unknown>, TableName = 'Conversations') =>
    dynamo.client.send(new PutCommand({ TableName, Item }));
  const pk = conversationPk(tenantId, CONVERSATION);
  const config = tenantConfig({
    tenantId,
    knowledge: { maxPassages: 2, minScore: 0.3, embeddings },
  });
  await put(
    { pk: tenantPk(tenantId), sk: TENANT_SK.config, config },
    'Tenants',
  );
  await put({ pk, sk: SK.head, ...head({ tenantId, lastSequence: 1 }) });
  await put({
    pk,
    sk: SK.message(1),
    ...message(1, 'customer', text, { tenantId }),
  });
  await put({ pk, sk: SK.turn(1, 1), ...turn({ tenantId }) });
}

async function storedTurn(): Promise<TurnRecord> {
  const { Item } = await dynamo.client.send(
    new GetCommand({
      TableName: 'Conversations',
      Key: { pk: conversationPk(tenantId, CONVERSATION), sk: SK.turn(1, 1) },
    }),
  );
  return Item as TurnRecord;
}

const embeddingCalls = () =>
  calls.filter((c) => c.event === 'stand_in_embedding_answered').length;

const ref = () => ({
  tenantId,
  conversationId: CONVERSATION,
  segment: 1,
  index: 1,
});

describe('retrieve with passage vectors', () => {
  it('stores the fused passages, embedding the query once', async () => {
    // Prepare
    const index = await storeIndex(helpArticles());
    await storePassageVectors(table(), ingestClient, TITAN, index);
    await seedTurn('What is the return window for an item?', TITAN);
    const before = embeddingCalls();

    // Act
    const output = await retrieve(ref());

    // Assess
    expect(output).toEqual({ passages: 2 });
    expect(embeddingCalls()).toBe(before + 1);
    const { passages } = await storedTurn();
    expect(passages[0]).toEqual({
      id: 'returns#2',
      documentId: 'returns',
      title: 'Returns and refunds',
      url: 'https://help.example.com/returns',
      text: '## Return window\nYou can return an unused item within 30 days of delivery.',
      score: 1,
    });
    expect(passages[1]?.score).toBeLessThan(1);
  });

  it.each([
    [
      'vectors of an earlier index',
      async () => {
        const first = await storeIndex(helpArticles().slice(0, 2));
        await storePassageVectors(table(), ingestClient, TITAN, first);
        return storeIndex(helpArticles());
      },
      TITAN,
    ],
    [
      'vectors of another model setting',
      async () => {
        const index = await storeIndex(helpArticles());
        await storePassageVectors(table(), ingestClient, TITAN, index);
        return index;
      },
      { ...TITAN, dimensions: 512 },
    ],
    ['no vectors', () => storeIndex(helpArticles()), TITAN],
  ])(
    'ranks lexically, without embedding the query, given %s',
    async (_case, store, embeddings) => {
      // Prepare
      const { file, hash } = await store();
      const query = 'What is the return window for an item?';
      await seedTurn(query, embeddings);
      const lexical = selectPassages({ index: openIndex(file), hash }, query, {
        maxPassages: 2,
        minScore: 0.3,
      });
      const before = embeddingCalls();

      // Act
      await retrieve(ref());

      // Assess
      expect(embeddingCalls()).toBe(before);
      const { passages } = await storedTurn();
      expect(passages).toEqual(lexical);
      expect(passages[0]?.id).toBe('returns#2');
    },
  );
});
