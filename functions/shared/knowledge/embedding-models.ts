import {
  type BedrockRuntimeClient,
  InvokeModelCommand,
} from '@aws-sdk/client-bedrock-runtime';
import * as z from 'zod';
import {
  EMBEDDING_MODELS,
  type EmbeddingModelId,
} from '../../../schemas/knowledge-embeddings';
import { ModelError } from '../errors';

/** A model and the vector length asked of it. */
export interface EmbeddingModel {
  readonly modelId: EmbeddingModelId;
  readonly dimensions: number;
}

/** Passages are embedded as documents, customer text as queries. */
export type EmbeddingPurpose = 'passage' | 'query';

/** Titan Text Embeddings V2 response (`embedding` is always floats). */
const TitanResponseSchema = z.looseObject({
  embedding: z.array(z.number()),
});

/** Cohere Embed v3 response: floats, or floats by type when asked. */
const CohereResponseSchema = z.looseObject({
  embeddings: z.union([
    z.array(z.array(z.number())),
    z.looseObject({ float: z.array(z.array(z.number())) }),
  ]),
});

/** How many texts one call of the model embeds. */
export const textsPerCall = (model: EmbeddingModel): number =>
  EMBEDDING_MODELS[model.modelId].textsPerCall;

/** The InvokeModel body that embeds `texts` (at most `textsPerCall`). */
export function embeddingRequest(
  model: EmbeddingModel,
  texts: readonly string[],
  purpose: EmbeddingPurpose,
): string {
  const { family, maxChars } = EMBEDDING_MODELS[model.modelId];
  const cut = texts.map((text) => text.slice(0, maxChars));
  if (family === 'titan-v2') {
    return JSON.stringify({
      inputText: cut[0],
      dimensions: model.dimensions,
      normalize: true,
    });
  }
  return JSON.stringify({
    texts: cut,
    input_type: purpose === 'query' ? 'search_query' : 'search_document',
    truncate: 'END',
  });
}

/**
 * The vectors of an InvokeModel response body, one per text. Throws a
 * `ModelError` when the body holds fewer vectors or vectors of another
 * length.
 */
export function embeddingVectors(
  model: EmbeddingModel,
  body: string,
  texts: number,
): Float32Array[] {
  const json = parseJson(body);
  const { family } = EMBEDDING_MODELS[model.modelId];
  const vectors =
    family === 'titan-v2'
      ? [TitanResponseSchema.safeParse(json).data?.embedding]
      : cohereVectors(CohereResponseSchema.safeParse(json).data?.embeddings);
  const usable =
    vectors.length === texts &&
    vectors.every((v) => v?.length === model.dimensions);
  if (!usable) {
    throw new ModelError(
      `Embedding model ${model.modelId} did not return ${texts} ` +
        `vector(s) of ${model.dimensions} components`,
    );
  }
  return vectors.map((v) => Float32Array.from(v as number[]));
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function cohereVectors(
  embeddings: z.infer<typeof CohereResponseSchema>['embeddings'] | undefined,
): (number[] | undefined)[] {
  if (!embeddings) return [undefined];
  return Array.isArray(embeddings) ? embeddings : embeddings.float;
}

/** Embeds up to `textsPerCall` texts with one InvokeModel call. */
export async function invokeEmbedding(
  client: BedrockRuntimeClient,
  model: EmbeddingModel,
  texts: readonly string[],
  purpose: EmbeddingPurpose,
  abortSignal?: AbortSignal,
): Promise<Float32Array[]> {
  const response = await client.send(
    new InvokeModelCommand({
      modelId: model.modelId,
      contentType: 'application/json',
      accept: 'application/json',
      body: embeddingRequest(model, texts, purpose),
    }),
    { abortSignal },
  );
  return embeddingVectors(
    model,
    new TextDecoder().decode(response.body),
    texts.length,
  );
}
