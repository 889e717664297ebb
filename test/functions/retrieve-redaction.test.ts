import {
  BedrockRuntimeClient,
  InvokeModelCommand,
} from '@aws-sdk/client-bedrock-runtime';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { clearKnowledgeCache } from '../../functions/retrieve/knowledge';
import { retrieve } from '../../functions/retrieve/retrieve';
import { clearVectorCache } from '../../functions/retrieve/vectors';
import { dynamo } from '../../functions/shared/clients/dynamo';
import { buildIndex } from '../../functions/shared/knowledge/build';
import { passageEmbeddingText } from '../../functions/shared/knowledge/embed-passages';
import { encodeIndex } from '../../functions/shared/knowledge/index-format';
import { writeIndexItems } from '../../functions/shared/knowledge/store';
import { writeVectorItems } from '../../functions/shared/knowledge/vector-store';
import { quantise } from '../../functions/shared/knowledge/vectors';
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
/** A Luhn-valid card and an email, as a customer would write them. */
const CARD = '4111 1111 1111 1111';
const EMAIL = 'maya.lindqvist@example.com';
const MESSAGES = [
  `I paid with my card ${CARD} and want a refund.`,
  `What is the return window? Write to ${EMAIL} please.`,
];
let tables: FakeTables;

/** Index and vectors stored as the ingest command stores them. */
async function storeKnowledge(): Promise<void> {
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

/** The text of every InvokeModel call the retrieve step made. */
const sentBodies = (): string[] =>
  bedrock
    .commandCalls(InvokeModelCommand)
    .map((call) => String(call.args[0].input.body));

beforeEach(async () => {
  ddb.reset();
  bedrock.reset();
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
  bedrock.on(InvokeModelCommand).resolves({
    body: new TextEncoder().encode(
      JSON.stringify({ embedding: new Array(256).fill(0.1) }),
    ) as never,
  });
  await storeKnowledge();
  seedConversation(tables, {
    messages: MESSAGES.map((text, i) => message(i + 1, 'customer', text)),
    turns: [turn({ sequences: [1, 2] })],
    config: tenantConfig({
      knowledge: { maxPassages: 1, minScore: 0.3, embeddings: MODEL },
    }),
  });
});

describe('retrieve with embeddings enabled', () => {
  it('embeds the query with its card and email as placeholders', async () => {
    // Act
    await retrieve({ ...ref(), index: 1 });

    // Assess
    const bodies = sentBodies();
    expect(bodies).toHaveLength(1);
    const { inputText } = JSON.parse(bodies[0] as string) as {
      inputText: string;
    };
    expect(inputText).toBe(
      'I paid with my card [CARD_1] and want a refund.\n' +
        'What is the return window? Write to [EMAIL_1] please.',
    );
    for (const value of [CARD, CARD.replace(/ /g, ''), EMAIL, '4111']) {
      expect(bodies[0]).not.toContain(value);
    }
  });

  it('stores the best passage for a message holding personal data', async () => {
    // Act
    const output = await retrieve({ ...ref(), index: 1 });

    // Assess
    expect(output).toEqual({ passages: 1 });
    expect(turnItem(tables).passages[0]?.id).toBe('returns#2');
  });
});
