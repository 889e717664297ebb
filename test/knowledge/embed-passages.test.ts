import {
  BedrockRuntimeClient,
  InvokeModelCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { ModelError } from '../../functions/shared/errors';
import { buildIndex } from '../../functions/shared/knowledge/build';
import {
  embedPassages,
  isRetryable,
  passageEmbeddingText,
} from '../../functions/shared/knowledge/embed-passages';
import { quantise } from '../../functions/shared/knowledge/vectors';
import { standInEmbedding } from '../../local/bedrock/embedding';
import { helpArticles } from './fixtures';

const bedrock = mockClient(BedrockRuntimeClient);
const client = new BedrockRuntimeClient({ region: 'us-east-1' });
const TITAN = {
  modelId: 'amazon.titan-embed-text-v2:0',
  dimensions: 256,
} as const;
const COHERE = {
  modelId: 'cohere.embed-english-v3',
  dimensions: 1024,
} as const;
const noWait = () => Promise.resolve();

const bytes = (json: unknown) =>
  new TextEncoder().encode(JSON.stringify(json)) as never;

/** Answers like the models, with the stand-in's vectors. */
function answerLikeBedrock() {
  bedrock.on(InvokeModelCommand).callsFake((input: { body: string }) => {
    const body = JSON.parse(input.body);
    return body.inputText !== undefined
      ? {
          body: bytes({
            embedding: [...standInEmbedding(body.inputText, body.dimensions)],
          }),
        }
      : {
          body: bytes({
            embeddings: body.texts.map((t: string) => [
              ...standInEmbedding(t, 1024),
            ]),
          }),
        };
  });
}

/** An index of `count` one-passage documents. */
const manyPassages = (count: number) =>
  buildIndex(
    Array.from({ length: count }, (_, i) => ({
      documentId: `doc-${i}`,
      title: `Article ${i}`,
      content: `Body of article ${i}.`,
    })),
  );

const bodies = () =>
  bedrock
    .commandCalls(InvokeModelCommand)
    .map((call) => JSON.parse(call.args[0].input.body as string));

beforeEach(() => {
  bedrock.reset();
});

describe('embedPassages', () => {
  it('embeds each passage with Titan, title and heading included, in index order', async () => {
    // Prepare
    answerLikeBedrock();
    const file = buildIndex(helpArticles());

    // Act
    const vectors = await embedPassages(client, TITAN, file, {
      concurrency: 3,
    });

    // Assess
    const texts = file.chunks.map((_, c) => passageEmbeddingText(file, c));
    expect(texts[1]).toBe(
      'Returns and refunds\n## Return window\nYou can return an unused item within 30 days of delivery.',
    );
    expect(bodies()).toHaveLength(file.chunks.length);
    expect(bodies()[0]).toEqual({
      inputText: texts[0],
      dimensions: 256,
      normalize: true,
    });
    expect(vectors).toEqual(
      quantise(
        texts.map((t) => standInEmbedding(t, 256)),
        256,
      ),
    );
  });

  it('sends Cohere passages 96 at a time as search documents', async () => {
    // Prepare
    answerLikeBedrock();
    const file = manyPassages(100);

    // Act
    const vectors = await embedPassages(client, COHERE, file);

    // Assess
    expect(
      bodies()
        .map((b) => b.texts.length)
        .sort(),
    ).toEqual([4, 96]);
    expect(bodies()[0]).toMatchObject({
      input_type: 'search_document',
      truncate: 'END',
    });
    expect(vectors.count).toBe(100);
  });

  it('keeps at most `concurrency` calls in flight and reports progress', async () => {
    // Prepare
    let inFlight = 0;
    let most = 0;
    bedrock.on(InvokeModelCommand).callsFake(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      return { body: bytes({ embedding: new Array(256).fill(0.1) }) };
    });
    const progress: number[] = [];

    // Act
    await embedPassages(client, TITAN, manyPassages(30), {
      concurrency: 4,
      onProgress: (done, total) => progress.push(done / total),
    });

    // Assess
    expect(most).toBe(4);
    expect(progress).toHaveLength(30);
    expect(progress.at(-1)).toBe(1);
  });

  it('retries a throttled call after a pause', async () => {
    // Prepare
    const throttled = new ThrottlingException({
      message: 'Too many requests',
      $metadata: { httpStatusCode: 429 },
    });
    bedrock
      .on(InvokeModelCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({ body: bytes({ embedding: new Array(256).fill(0.1) }) });
    const pauses: number[] = [];

    // Act
    const vectors = await embedPassages(client, TITAN, manyPassages(1), {
      sleep: async (ms) => {
        pauses.push(ms);
      },
    });

    // Assess
    expect(vectors.count).toBe(1);
    expect(pauses).toHaveLength(2);
    expect(bodies()).toHaveLength(3);
  });

  it.each([
    [
      'a call still throttled after its attempts',
      new ThrottlingException({ message: 'slow down', $metadata: {} }),
      3,
    ],
    [
      'a call Bedrock refuses',
      new ValidationException({ message: 'bad body', $metadata: {} }),
      1,
    ],
  ])(
    'throws a ModelError naming the passages for %s',
    async (_case, error, calls) => {
      // Prepare
      bedrock.on(InvokeModelCommand).rejects(error);

      // Act
      const embedding = embedPassages(client, TITAN, manyPassages(1), {
        maxAttempts: 3,
        sleep: noWait,
      });

      // Assess
      await expect(embedding).rejects.toThrow(ModelError);
      await expect(embedding).rejects.toThrow(
        /passages 0-0 .* after \d attempt/,
      );
      expect(bodies()).toHaveLength(calls);
    },
  );

  it('throws a ModelError when a vector has another length', async () => {
    // Prepare
    bedrock
      .on(InvokeModelCommand)
      .resolves({ body: bytes({ embedding: [0.1, 0.2] }) });

    // Act
    const embedding = embedPassages(client, TITAN, manyPassages(1));

    // Assess
    await expect(embedding).rejects.toThrow(
      /did not return 1 vector\(s\) of 256 components/,
    );
  });
});

describe('isRetryable', () => {
  it.each([
    ['ThrottlingException', { name: 'ThrottlingException' }, true],
    [
      'ServiceUnavailableException',
      { name: 'ServiceUnavailableException' },
      true,
    ],
    ['ModelNotReadyException', { name: 'ModelNotReadyException' }, true],
    [
      'an HTTP 503',
      { name: 'Error', $metadata: { httpStatusCode: 503 } },
      true,
    ],
    [
      'ValidationException',
      { name: 'ValidationException', $metadata: { httpStatusCode: 400 } },
      false,
    ],
    ['AccessDeniedException', { name: 'AccessDeniedException' }, false],
    ['a ModelError', new ModelError('bad vector'), false],
  ])('retries %s: %s', (_name, error, expected) => {
    // Act
    const retried = isRetryable(error);

    // Assess
    expect(retried).toBe(expected);
  });
});
