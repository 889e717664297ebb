import {
  BedrockRuntimeClient,
  InvokeModelCommand,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { embedQuery } from '../../functions/retrieve/hybrid';
import { clearKnowledgeCache } from '../../functions/retrieve/knowledge';
import { retrieve } from '../../functions/retrieve/retrieve';
import { clearVectorCache } from '../../functions/retrieve/vectors';
import { dynamo } from '../../functions/shared/clients/dynamo';
import { tenantPk } from '../../functions/shared/keys';
import { buildIndex } from '../../functions/shared/knowledge/build';
import { passageEmbeddingText } from '../../functions/shared/knowledge/embed-passages';
import { encodeIndex } from '../../functions/shared/knowledge/index-format';
import { writeIndexItems } from '../../functions/shared/knowledge/store';
import {
  VECTORS_SK,
  writeVectorItems,
} from '../../functions/shared/knowledge/vector-store';
import { quantise } from '../../functions/shared/knowledge/vectors';
import { logger, metrics } from '../../functions/shared/observability';
import { clearTenantCache } from '../../functions/shared/tenants';
import { standInEmbedding } from '../../local/bedrock/embedding';
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
const bedrock = mockClient(BedrockRuntimeClient);
const MODEL = {
  modelId: 'amazon.titan-embed-text-v2:0',
  dimensions: 256,
  weight: 0.5,
} as const;
const QUESTION = 'What is the return window for my order 4111 1111?';
let tables: FakeTables;

/** Index and vectors stored as the ingest command stores them. */
async function storeKnowledge() {
  const table = { client: dynamo, tableName: TENANTS, tenantId: TENANT };
  const file = buildIndex(helpArticles());
  const encoded = encodeIndex(file);
  await writeIndexItems(table, encoded, {
    documents: file.documents.length,
    chunks: file.chunks.length,
  });
  const vectors = file.chunks.map((_, c) =>
    standInEmbedding(passageEmbeddingText(file, c), MODEL.dimensions),
  );
  await writeVectorItems(table, quantise(vectors, MODEL.dimensions), {
    indexHash: encoded.hash,
    modelId: MODEL.modelId,
  });
}

beforeEach(async () => {
  ddb.reset();
  bedrock.reset();
  jest.restoreAllMocks();
  clearTenantCache();
  clearKnowledgeCache();
  clearVectorCache();
  tables = new FakeTables(ddb);
  ddb.on(BatchWriteCommand).callsFake((input: BatchWriteCommand['input']) => {
    for (const [table, requests] of Object.entries(input.RequestItems ?? {})) {
      for (const r of requests)
        if (r.PutRequest?.Item) tables.put(table, r.PutRequest.Item);
    }
    return {};
  });
  await storeKnowledge();
  seedConversation(tables, {
    messages: [message(1, 'customer', QUESTION)],
    turns: [turn()],
    config: tenantConfig({
      knowledge: { maxPassages: 1, minScore: 0.3, embeddings: MODEL },
    }),
  });
});

describe('retrieve when the query cannot be embedded', () => {
  it.each([
    [
      'Bedrock throttles',
      new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }),
    ],
    ['the connection fails', new Error('socket hang up')],
  ])(
    'ranks lexically when %s, with a warning and a metric',
    async (_case, error) => {
      // Prepare
      bedrock.on(InvokeModelCommand).rejects(error);
      const metric = jest.spyOn(metrics, 'addMetric');
      const warn = jest.spyOn(logger, 'warn');

      // Act
      const output = await retrieve({ ...ref(), index: 1 });

      // Assess
      expect(output).toEqual({ passages: 1 });
      expect(turnItem(tables).passages[0]?.id).toBe('returns#2');
      expect(bedrock.commandCalls(InvokeModelCommand)).toHaveLength(1);
      expect(metric).toHaveBeenCalledWith('QueryEmbeddingFailed', 'Count', 1);
      expect(warn).toHaveBeenCalledWith(
        'Query embedding failed; ranking stays lexical',
        expect.objectContaining({ model_id: MODEL.modelId }),
      );
      expect(JSON.stringify(warn.mock.calls)).not.toContain('4111');
    },
  );

  it('ranks lexically when the answer holds no usable vector', async () => {
    // Prepare
    bedrock.on(InvokeModelCommand).resolves({
      body: new TextEncoder().encode('{"embedding":[0.5]}') as never,
    });

    // Act
    await retrieve({ ...ref(), index: 1 });

    // Assess
    expect(turnItem(tables).passages[0]?.id).toBe('returns#2');
  });
});

describe('retrieve while the vectors are being replaced', () => {
  it('ranks lexically without embedding the query', async () => {
    // Prepare
    const part = tables.get(TENANTS, tenantPk(TENANT), VECTORS_SK.part(1));
    tables.put(TENANTS, { ...part, hash: 'e'.repeat(64) });

    // Act
    await retrieve({ ...ref(), index: 1 });

    // Assess
    expect(turnItem(tables).passages[0]?.id).toBe('returns#2');
    expect(bedrock.commandCalls(InvokeModelCommand)).toHaveLength(0);
  });
});

describe('embedQuery', () => {
  it('sends the query to the tenant’s model with its vector length', async () => {
    // Prepare
    bedrock.on(InvokeModelCommand).resolves({
      body: new TextEncoder().encode(
        JSON.stringify({ embedding: new Array(256).fill(0.1) }),
      ) as never,
    });

    // Act
    const vector = await embedQuery('Where is my parcel?', MODEL);

    // Assess
    expect(vector).toHaveLength(256);
    const [call] = bedrock.commandCalls(InvokeModelCommand);
    expect(call?.args[0].input).toMatchObject({
      modelId: MODEL.modelId,
      contentType: 'application/json',
    });
    expect(JSON.parse(call?.args[0].input.body as string)).toEqual({
      inputText: 'Where is my parcel?',
      dimensions: 256,
      normalize: true,
    });
  });
});
