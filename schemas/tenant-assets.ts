import * as z from 'zod';
import { TenantIdSchema } from './ids';
import {
  EMBEDDING_MODELS,
  type EmbeddingModelId,
} from './knowledge-embeddings';

/**
 * The custom resource that trains a tenant's intent classifier and builds
 * its knowledge index at deploy time (`functions/tenant-assets`).
 * CloudFormation hands every property value over as text.
 */

const HASH = z.string().regex(/^[0-9a-f]{64}$/, {
  message: 'must be a lower-case hex SHA-256',
});

/** An object the CDK uploaded to the deployment's asset bucket. */
export const AssetObjectSchema = z.object({
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'must be an S3 bucket name',
  }),
  key: z.string().min(1).max(1024),
  /**
   * The asset's content hash. A changed file gives a new hash, and with it
   * an Update of the resource.
   */
  hash: HASH,
  /**
   * The format of the artifact the deployed code builds from the file. An
   * upgrade that changes it gives an Update too, so an artifact stored in
   * the old format is rebuilt although the file is unchanged.
   */
  format: z.string().min(1).max(200).optional(),
});
export type AssetObject = z.infer<typeof AssetObjectSchema>;

const MODEL_IDS = Object.keys(EMBEDDING_MODELS) as [
  EmbeddingModelId,
  ...EmbeddingModelId[],
];

/**
 * The embedding model a tenant ranks with; the vector length arrives as
 * text, like every property value.
 */
export const AssetEmbeddingsSchema = z.object({
  modelId: z.enum(MODEL_IDS),
  dimensions: z.coerce.number().int().min(1).max(4096),
});

/** The zipped `knowledge/` folder of a tenant. */
export const KnowledgeAssetSchema = AssetObjectSchema.extend({
  /** Url of a markdown or HTML article: `baseUrl` + its document id. */
  baseUrl: z.url().optional(),
  /** Embed the passages too, for hybrid ranking. */
  embeddings: AssetEmbeddingsSchema.optional(),
});
export type KnowledgeAsset = z.infer<typeof KnowledgeAssetSchema>;

/** `ResourceProperties` of a `Custom::FrontlineTenantAssets` resource. */
export const TenantAssetsPropertiesSchema = z
  .object({
    tenantId: TenantIdSchema,
    /** The tenant folder's `intents.csv`. */
    intents: AssetObjectSchema.optional(),
    knowledge: KnowledgeAssetSchema.optional(),
  })
  .refine((p) => p.intents || p.knowledge, {
    message: 'name an intents or a knowledge asset (or both)',
  });
export type TenantAssetsProperties = z.infer<
  typeof TenantAssetsPropertiesSchema
>;

/** The request the CDK custom resource provider passes to `onEvent`. */
export const TenantAssetsEventSchema = z.discriminatedUnion('RequestType', [
  z.object({
    RequestType: z.literal('Create'),
    ResourceProperties: z.unknown(),
  }),
  z.object({
    RequestType: z.literal('Update'),
    PhysicalResourceId: z.string().min(1),
    ResourceProperties: z.unknown(),
  }),
  z.object({
    RequestType: z.literal('Delete'),
    PhysicalResourceId: z.string().min(1),
  }),
]);
export type TenantAssetsEvent = z.infer<typeof TenantAssetsEventSchema>;

/** What happened to each artifact, as the resource's attributes. */
export const AssetOutcomeSchema = z.enum(['stored', 'unchanged', 'none']);
export type AssetOutcome = z.infer<typeof AssetOutcomeSchema>;

/** The answer `onEvent` gives the provider. */
export interface TenantAssetsResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: {
    readonly Intents: AssetOutcome;
    readonly Knowledge: AssetOutcome;
  };
}
