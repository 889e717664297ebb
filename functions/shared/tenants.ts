import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../schemas/tables';
import {
  type TenantConfig,
  TenantConfigSchema,
} from '../../schemas/tenant-config';
import { dynamo } from './clients/dynamo';
import { requireEnv } from './env';
import { NotFoundError } from './errors';
import { TENANT_SK, tenantPk } from './keys';

/** How long a warm function trusts its cached tenant configuration. */
const CACHE_MS = 60_000;
const cache = new Map<string, { config: TenantConfig; until: number }>();

/**
 * Loads a tenant's configuration, cached per warm function for a minute.
 * Throws `NotFoundError` for an unknown tenant.
 */
export async function getTenantConfig(
  tenantId: string,
  now = Date.now(),
): Promise<TenantConfig> {
  const hit = cache.get(tenantId);
  if (hit && hit.until > now) return hit.config;

  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: requireEnv(TABLES.tenants.envVar),
      Key: { pk: tenantPk(tenantId), sk: TENANT_SK.config },
    }),
  );
  if (!Item) throw new NotFoundError(`Unknown tenant ${tenantId}`);

  const config = TenantConfigSchema.parse(Item.config);
  cache.set(tenantId, { config, until: now + CACHE_MS });
  return config;
}

/** Forgets cached configurations (tests, and after a tenant changes). */
export function clearTenantCache(): void {
  cache.clear();
}
