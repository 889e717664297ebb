import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  EMBEDDING_MODELS,
  type EmbeddingModelId,
} from '../../schemas/knowledge-embeddings';

/**
 * A STAND-IN for Bedrock text embedding models, not a semantic model: it
 * hashes a text's words and their character trigrams into a vector of the
 * requested length (the "hashing trick") and L2-normalises it. Texts that
 * share words, or parts of words ("refund" and "refunded"), point the
 * same way; synonyms and paraphrases do not, unlike Titan or Cohere. It
 * is deterministic, so the hybrid retrieval path can run and be tested
 * offline; its recall says nothing about a real embedding model's.
 */
export const STAND_IN_EMBEDDING =
  'offline stand-in: hashed words and character trigrams, not a semantic model';

/** Whether the offline endpoint answers InvokeModel for this model id. */
export const isEmbeddingModel = (
  modelId: string,
): modelId is EmbeddingModelId => Object.hasOwn(EMBEDDING_MODELS, modelId);

/** A request the real model would reject; the endpoint says why. */
export class EmbeddingRequestError extends Error {}

/** Function words carry no topic; they would dominate every vector. */
const STOPWORDS = new Set(
  (
    'a an and are as at be but by can do does for from has have how i if in ' +
    'is it its my me of on or our so that the their them then there this to ' +
    'was we what when where which who will with you your'
  ).split(' '),
);

/** The stand-in vector of a text: `dimensions` floats, unit length. */
export function standInEmbedding(
  text: string,
  dimensions: number,
): Float32Array {
  const vector = new Float32Array(dimensions);
  const counts = new Map<string, number>();
  for (const word of words(text)) {
    counts.set(`w:${word}`, (counts.get(`w:${word}`) ?? 0) + 1);
    const padded = `<${word}>`;
    for (let i = 0; i + 3 <= padded.length; i += 1) {
      const gram = `c:${padded.slice(i, i + 3)}`;
      counts.set(gram, (counts.get(gram) ?? 0) + 0.25);
    }
  }
  for (const [feature, count] of counts) {
    const h = fnv1a(feature, 0x811c9dc5);
    const sign = fnv1a(feature, 0x01000193) & 1 ? 1 : -1;
    const at = h % dimensions;
    vector[at] = (vector[at] as number) + sign * (1 + Math.log(count + 1));
  }
  return normalise(vector);
}

function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function normalise(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const v of vector) sum += v * v;
  if (sum === 0) return vector;
  const inverse = 1 / Math.sqrt(sum);
  for (let d = 0; d < vector.length; d += 1) {
    vector[d] = (vector[d] as number) * inverse;
  }
  return vector;
}

const TitanRequestSchema = z.looseObject({
  inputText: z.string().min(1).max(50_000),
  dimensions: z
    .union([z.literal(256), z.literal(512), z.literal(1024)])
    .default(1024),
  normalize: z.boolean().default(true),
});

const CohereRequestSchema = z.looseObject({
  texts: z.array(z.string().max(2048)).max(96),
  input_type: z.enum([
    'search_document',
    'search_query',
    'classification',
    'clustering',
  ]),
});

/**
 * The InvokeModel response body of an embedding model, computed by the
 * stand-in: Titan Text Embeddings V2 or Cohere Embed v3 shaped. Throws an
 * `EmbeddingRequestError` for a body the model would reject.
 */
export function answerEmbedding(
  modelId: EmbeddingModelId,
  body: unknown,
): Record<string, unknown> {
  if (EMBEDDING_MODELS[modelId].family === 'titan-v2') {
    const request = parse(TitanRequestSchema, body, modelId);
    const embedding = Array.from(
      standInEmbedding(request.inputText, request.dimensions),
    );
    return {
      embedding,
      inputTextTokenCount: request.inputText.split(/\s+/).filter(Boolean)
        .length,
      embeddingsByType: { float: embedding },
    };
  }
  const request = parse(CohereRequestSchema, body, modelId);
  return {
    id: randomUUID(),
    texts: request.texts,
    embeddings: request.texts.map((t) => Array.from(standInEmbedding(t, 1024))),
    response_type: 'embeddings_floats',
  };
}

function parse<S extends z.ZodType>(
  schema: S,
  body: unknown,
  modelId: string,
): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new EmbeddingRequestError(
      `The request does not match the ${modelId} body: ` +
        z.prettifyError(parsed.error),
    );
  }
  return parsed.data;
}
