import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { ModelError } from '../errors';
import type { TenantTable } from '../tenant-parts';
import { chunkText } from './chunk';
import {
  type EmbeddingModel,
  invokeEmbedding,
  textsPerCall,
} from './embedding-models';
import type { KnowledgeIndexFile } from './index-format';
import {
  readVectorMeta,
  type VectorMeta,
  writeVectorItems,
} from './vector-store';
import { type QuantisedVectors, quantise } from './vectors';

export interface EmbedPassagesOptions {
  /** InvokeModel calls in flight at once. @default 8 */
  readonly concurrency?: number;
  /**
   * Attempts per call while Bedrock throttles or is briefly unavailable,
   * on top of the SDK's own retries. @default 8
   */
  readonly maxAttempts?: number;
  /** Told after every call how many passages are embedded so far. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Waits between attempts. @default a timer */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Errors worth another attempt after a pause. */
const RETRYABLE = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ServiceUnavailableException',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'InternalServerException',
]);

/** Longest pause between two attempts of one call. */
const MAX_BACKOFF_MS = 20_000;

/** What a passage is embedded from: its document's title, heading, body. */
export function passageEmbeddingText(
  file: KnowledgeIndexFile,
  c: number,
): string {
  const chunk = file.chunks[c];
  const title = chunk && file.documents[chunk.d]?.title;
  if (!chunk || title === undefined) throw new RangeError(`No passage ${c}`);
  return `${title}\n${chunkText({ heading: chunk.h, body: chunk.t })}`;
}

/**
 * Embeds every passage of an index with a Bedrock embedding model, a
 * bounded number of calls at a time, and quantises the vectors in index
 * order. Throws a `ModelError` naming the passages when a call still fails
 * after its attempts; no partial set is returned.
 */
export async function embedPassages(
  client: BedrockRuntimeClient,
  model: EmbeddingModel,
  file: KnowledgeIndexFile,
  options: EmbedPassagesOptions = {},
): Promise<QuantisedVectors> {
  const total = file.chunks.length;
  const perCall = textsPerCall(model);
  const vectors: Float32Array[] = new Array(total);
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < total) {
      const from = next;
      next = Math.min(total, from + perCall);
      const texts = range(from, next).map((c) => passageEmbeddingText(file, c));
      const embedded = await embedBatch(
        client,
        model,
        texts,
        from,
        options,
      ).catch((error: unknown) => {
        failed = true;
        throw error;
      });
      embedded.forEach((vector, i) => {
        vectors[from + i] = vector;
      });
      done += embedded.length;
      options.onProgress?.(done, total);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, total));
  await Promise.all(Array.from({ length: workers }, worker));
  return quantise(vectors, model.dimensions);
}

/**
 * Embeds an index's passages and stores the vectors beside it, bound to
 * the index's hash (see `VECTORS_SK`). Store the index first: until its
 * vectors follow, ranking stays lexical.
 */
export async function storePassageVectors(
  table: TenantTable,
  client: BedrockRuntimeClient,
  model: EmbeddingModel,
  index: { readonly file: KnowledgeIndexFile; readonly hash: string },
  options: EmbedPassagesOptions = {},
): Promise<VectorMeta> {
  const vectors = await embedPassages(client, model, index.file, options);
  return writeVectorItems(table, vectors, {
    indexHash: index.hash,
    modelId: model.modelId,
  });
}

/** What {@link ensurePassageVectors} did. */
export type VectorOutcome = 'stored' | 'unchanged';

/**
 * Stores the index's passage vectors unless vectors of this index, model
 * and length are stored already: a repeated deploy or restart embeds
 * nothing.
 */
export async function ensurePassageVectors(
  table: TenantTable,
  client: BedrockRuntimeClient,
  model: EmbeddingModel,
  index: { readonly file: KnowledgeIndexFile; readonly hash: string },
  options: EmbedPassagesOptions = {},
): Promise<VectorOutcome> {
  const stored = await readVectorMeta(table).catch(() => undefined);
  if (
    stored?.indexHash === index.hash &&
    stored.modelId === model.modelId &&
    stored.dimensions === model.dimensions
  ) {
    return 'unchanged';
  }
  await storePassageVectors(table, client, model, index, options);
  return 'stored';
}

async function embedBatch(
  client: BedrockRuntimeClient,
  model: EmbeddingModel,
  texts: readonly string[],
  from: number,
  options: EmbedPassagesOptions,
): Promise<Float32Array[]> {
  const maxAttempts = options.maxAttempts ?? 8;
  const sleep = options.sleep ?? wait;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await invokeEmbedding(client, model, texts, 'passage');
    } catch (error) {
      if (attempt < maxAttempts && isRetryable(error)) {
        await sleep(backoffMs(attempt));
        continue;
      }
      const last = from + texts.length - 1;
      throw new ModelError(
        `Embedding passages ${from}-${last} with ${model.modelId} failed ` +
          `after ${attempt} attempt(s): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}

/** Throttling and brief unavailability: retried; anything else is not. */
export function isRetryable(error: unknown): boolean {
  const e = error as {
    name?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e.$metadata?.httpStatusCode ?? 0;
  return (
    RETRYABLE.has(e.name ?? '') ||
    Boolean(e.$retryable) ||
    status === 429 ||
    status >= 500
  );
}

/** Exponential backoff with full jitter: 0 to 250 ms × 2^attempt. */
const backoffMs = (attempt: number) =>
  Math.random() * Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt);

const wait = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => from + i);
