import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { TenantConfig } from '../schemas/tenant-config';
import { grantInvokeModels } from './bedrock';

/**
 * The embedding models the tenants rank their knowledge with
 * (`knowledge.embeddings`), each once.
 */
export function embeddingModelIds(tenants: readonly TenantConfig[]): string[] {
  const ids = tenants.flatMap((tenant) => {
    const settings = tenant.knowledge.embeddings;
    return settings ? [settings.modelId] : [];
  });
  return [...new Set(ids)].sort();
}

/**
 * Lets the retrieve function embed queries with exactly the tenants'
 * embedding models; with none configured it gets no Bedrock access.
 */
export function grantEmbeddingModels(
  retrieve: lambda.IFunction,
  tenants: readonly TenantConfig[],
): void {
  const ids = embeddingModelIds(tenants);
  if (ids.length === 0 || !retrieve.role) return;
  grantInvokeModels(retrieve.role, ids);
}
