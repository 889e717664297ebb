import {
  BedrockRuntimeClient,
  InvokeModelCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { invokeEmbedding } from '../../../functions/shared/knowledge/embedding-models';
import { standInEmbedding } from '../../../local/bedrock/embedding';
import {
  type BedrockApi,
  type BedrockApiLogEntry,
  startBedrockApi,
} from '../../../local/bedrock/server';

const TITAN = 'amazon.titan-embed-text-v2:0';
const COHERE = 'cohere.embed-english-v3';

const dot = (a: Float32Array, b: Float32Array) =>
  a.reduce((sum, v, i) => sum + v * (b[i] as number), 0);

describe('standInEmbedding', () => {
  it('returns the same unit vector for the same text', () => {
    // Act
    const first = standInEmbedding('Refunds take five days', 256);
    const second = standInEmbedding('Refunds take five days', 256);

    // Assess
    expect(first).toEqual(second);
    expect(dot(first, first)).toBeCloseTo(1, 5);
  });

  it('points texts sharing words and word parts closer together', () => {
    // Prepare
    const query = standInEmbedding('When is my refund coming?', 512);

    // Act
    const related = dot(query, standInEmbedding('Refunded orders', 512));
    const unrelated = dot(query, standInEmbedding('Tent pegs in stock', 512));

    // Assess
    expect(related).toBeGreaterThan(unrelated + 0.2);
  });
});

describe('InvokeModel on the offline endpoint', () => {
  let api: BedrockApi;
  let client: BedrockRuntimeClient;
  const logs: BedrockApiLogEntry[] = [];

  beforeEach(async () => {
    logs.length = 0;
    api = await startBedrockApi({ logger: (entry) => logs.push(entry) });
    client = new BedrockRuntimeClient({
      endpoint: api.url,
      region: 'us-east-1',
    });
  });

  afterEach(async () => {
    client.destroy();
    await api.close();
  });

  it('answers a Titan Text Embeddings V2 body with the stand-in vector', async () => {
    // Act
    const response = await client.send(
      new InvokeModelCommand({
        modelId: TITAN,
        contentType: 'application/json',
        accept: 'application/json',
        body: JSON.stringify({
          inputText: 'Where is my parcel?',
          dimensions: 256,
        }),
      }),
    );

    // Assess
    const body = JSON.parse(new TextDecoder().decode(response.body));
    const expected = Array.from(standInEmbedding('Where is my parcel?', 256));
    expect(body).toEqual({
      embedding: expected,
      inputTextTokenCount: 4,
      embeddingsByType: { float: expected },
    });
    expect(logs).toEqual([
      expect.objectContaining({
        event: 'stand_in_embedding_answered',
        status: 200,
        httpVersion: '2.0',
        modelId: TITAN,
      }),
    ]);
  });

  it.each([
    [TITAN, 512, 1],
    [COHERE, 1024, 3],
  ] as const)(
    'serves %s through the shared embedding call, %i components',
    async (modelId, dimensions, texts) => {
      // Prepare
      const inputs = ['one refund', 'two parcels', 'three tents'].slice(
        0,
        texts,
      );

      // Act
      const vectors = await invokeEmbedding(
        client,
        { modelId, dimensions },
        inputs,
        'query',
      );

      // Assess
      expect(vectors).toEqual(
        inputs.map((text) => standInEmbedding(text, dimensions)),
      );
    },
  );

  it.each([
    ['a chat model', 'anthropic.claude-3-5-haiku-20241022-v1:0', {}],
    ['an unsupported length', TITAN, { inputText: 'x', dimensions: 300 }],
    ['an empty text', TITAN, { inputText: '' }],
    ['a Cohere body without input type', COHERE, { texts: ['x'] }],
  ])('rejects %s with a ValidationException', async (_case, modelId, body) => {
    // Act
    const call = client.send(
      new InvokeModelCommand({ modelId, body: JSON.stringify(body) }),
    );

    // Assess
    await expect(call).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
    expect(logs[0]).toMatchObject({ event: 'bedrock_request_rejected' });
  });
});
