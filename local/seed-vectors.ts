import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { ensurePassageVectors } from '../functions/shared/knowledge/embed-passages';
import type { KnowledgeIndexFile } from '../functions/shared/knowledge/index-format';
import type { TenantTable } from '../functions/shared/tenant-parts';
import type { TenantConfig } from '../schemas/tenant-config';

/** What {@link seedPassageVectors} did. */
export type VectorSeeding = 'embedded' | 'unchanged' | 'none';

/**
 * Embeds a seeded tenant's passages and stores the vectors beside its
 * index when its configuration sets `knowledge.embeddings`, through the
 * Bedrock Runtime endpoint of the environment: the offline endpoint's
 * stand-in embedding locally (not a semantic model), Amazon Bedrock when
 * the runtime runs against AWS. Vectors of the same index and model are
 * kept, so a restart embeds nothing.
 */
export async function seedPassageVectors(
  table: TenantTable,
  config: TenantConfig,
  index: { readonly file: KnowledgeIndexFile; readonly hash: string },
  bedrock?: BedrockRuntimeClient,
): Promise<VectorSeeding> {
  const settings = config.knowledge.embeddings;
  if (!settings) return 'none';
  const client = bedrock ?? new BedrockRuntimeClient({});
  try {
    const outcome = await ensurePassageVectors(table, client, settings, index);
    return outcome === 'stored' ? 'embedded' : 'unchanged';
  } finally {
    if (!bedrock) client.destroy();
  }
}
