/**
 * The embedding half of `npm run knowledge -- ingest`: decides whether a
 * tenant's passages are embedded, embeds them with Bedrock and stores the
 * vectors beside the index on the Tenants table.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../functions/shared/errors';
import { TENANT_SK, tenantPk } from '../functions/shared/keys';
import { storePassageVectors } from '../functions/shared/knowledge/embed-passages';
import type { EmbeddingModel } from '../functions/shared/knowledge/embedding-models';
import type { KnowledgeIndexFile } from '../functions/shared/knowledge/index-format';
import { parseOrThrow } from '../functions/shared/validate';
import {
  type EmbeddingSettings,
  EmbeddingSettingsSchema,
} from '../schemas/knowledge-embeddings';
import { KnowledgeSettingsSchema } from '../schemas/tenant-config';

export const EMBEDDING_OPTIONS = {
  embeddings: { type: 'boolean', default: false },
  'embedding-model': { type: 'string' },
  dimensions: { type: 'string' },
  'bedrock-endpoint': { type: 'string' },
  concurrency: { type: 'string' },
} as const;

export const EMBEDDING_HELP = `  --embeddings        Also embed every passage with Bedrock and store the
                      vectors beside the index (hybrid ranking); done
                      anyway when the tenant's stored configuration sets
                      knowledge.embeddings. Needs a table.
  --embedding-model <id>  Embedding model (default the tenant's, else
                      amazon.titan-embed-text-v2:0)
  --dimensions <n>    Vector length: 256, 512 or 1024 (default the
                      tenant's, else 1024)
  --bedrock-endpoint <url>  Bedrock Runtime endpoint (env
                      AWS_ENDPOINT_URL_BEDROCK_RUNTIME; the local runtime's
                      answers with a stand-in, not a semantic model)
  --concurrency <n>   Embedding calls in flight (default 8)
`;

type Values = Record<string, string | boolean | undefined>;

export interface VectorTarget {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly tenantId: string;
  readonly region: string;
}

export interface CliOutput {
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The embedding settings of an ingest: the flags over the tenant's stored
 * `knowledge.embeddings`; undefined when neither asks for embeddings.
 */
export async function embeddingSettings(
  values: Values,
  target: VectorTarget,
): Promise<EmbeddingSettings | undefined> {
  const stored = await storedSettings(target);
  const flagged =
    values.embeddings ||
    values['embedding-model'] !== undefined ||
    values.dimensions !== undefined;
  if (!stored && !flagged) return undefined;
  return parseOrThrow(
    EmbeddingSettingsSchema,
    {
      ...stored,
      ...(values['embedding-model'] !== undefined
        ? { modelId: values['embedding-model'] }
        : {}),
      ...(values.dimensions !== undefined
        ? { dimensions: Number(values.dimensions) }
        : {}),
    },
    'embedding settings (--embedding-model, --dimensions)',
  );
}

async function storedSettings(target: VectorTarget) {
  const { Item } = await target.client.send(
    new GetCommand({
      TableName: target.tableName,
      Key: { pk: tenantPk(target.tenantId), sk: TENANT_SK.config },
    }),
  );
  const knowledge = KnowledgeSettingsSchema.safeParse(Item?.config?.knowledge);
  return knowledge.success ? knowledge.data.embeddings : undefined;
}

/**
 * Embeds the index's passages and stores the vectors; returns the summary
 * line. Progress goes to stderr for large sets.
 */
export async function embedAndStore(
  values: Values,
  io: CliOutput,
  target: VectorTarget,
  index: { readonly file: KnowledgeIndexFile; readonly hash: string },
  settings: EmbeddingModel,
): Promise<string> {
  const endpoint =
    (values['bedrock-endpoint'] as string | undefined) ??
    io.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
  const bedrock = new BedrockRuntimeClient({
    region: target.region,
    ...(endpoint ? { endpoint } : {}),
    // A loopback endpoint accepts any credentials; AWS gets the usual chain.
    ...(endpoint && !io.env.AWS_ACCESS_KEY_ID
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  let reported = 0;
  try {
    const meta = await storePassageVectors(target, bedrock, settings, index, {
      concurrency: concurrencyOf(values.concurrency),
      onProgress: (done, total) => {
        if (total < 200 || (done - reported < 200 && done < total)) return;
        reported = done;
        io.err(`Embedded ${done} of ${total} passages`);
      },
    });
    return (
      `${meta.count} passages × ${meta.dimensions} (${meta.modelId}), ` +
      `${meta.parts} part(s), hash ${meta.hash.slice(0, 12)}`
    );
  } finally {
    bedrock.destroy();
  }
}

function concurrencyOf(value: unknown): number {
  if (value === undefined) return 8;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new ValidationError(
      `--concurrency must be an integer from 1 to 64, got ${value}`,
    );
  }
  return n;
}
