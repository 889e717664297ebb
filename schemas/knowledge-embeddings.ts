import * as z from 'zod';

/**
 * Bedrock text embedding models a tenant can rank its knowledge with,
 * beside BM25F: their wire family, the vector sizes they return, how many
 * texts one InvokeModel call embeds and the longest text they accept.
 */
export const EMBEDDING_MODELS = {
  'amazon.titan-embed-text-v2:0': {
    family: 'titan-v2',
    dimensions: [256, 512, 1024],
    textsPerCall: 1,
    maxChars: 50_000,
  },
  'cohere.embed-english-v3': {
    family: 'cohere-v3',
    dimensions: [1024],
    textsPerCall: 96,
    maxChars: 2048,
  },
  'cohere.embed-multilingual-v3': {
    family: 'cohere-v3',
    dimensions: [1024],
    textsPerCall: 96,
    maxChars: 2048,
  },
} as const;

export type EmbeddingModelId = keyof typeof EMBEDDING_MODELS;
export type EmbeddingFamily =
  (typeof EMBEDDING_MODELS)[EmbeddingModelId]['family'];

export const DEFAULT_EMBEDDING_MODEL_ID: EmbeddingModelId =
  'amazon.titan-embed-text-v2:0';

const MODEL_IDS = Object.keys(EMBEDDING_MODELS) as [
  EmbeddingModelId,
  ...EmbeddingModelId[],
];

/**
 * Hybrid retrieval: every passage embedded at ingest, each query embedded
 * at retrieve, and the dense ranking fused with BM25F. Absent, ranking is
 * lexical only.
 */
export const EmbeddingSettingsSchema = z
  .object({
    /** Bedrock embedding model; the retrieve function may invoke it. */
    modelId: z.enum(MODEL_IDS).default(DEFAULT_EMBEDDING_MODEL_ID),
    /** Length of each vector; Cohere v3 models return 1024 only. */
    dimensions: z
      .union([z.literal(256), z.literal(512), z.literal(1024)])
      .default(1024),
    /**
     * Share of the dense ranking in the fusion, 0 (lexical only) to 1
     * (dense only); the lexical ranking gets the rest.
     */
    weight: z.number().min(0).max(1).default(0.5),
  })
  .refine(
    (s) =>
      (EMBEDDING_MODELS[s.modelId].dimensions as readonly number[]).includes(
        s.dimensions,
      ),
    {
      message: 'the embedding model does not return vectors of this length',
      path: ['dimensions'],
    },
  );

export type EmbeddingSettings = z.infer<typeof EmbeddingSettingsSchema>;
