import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type GuardrailRef,
  GuardrailRefSchema,
} from '../../schemas/guardrails';
import { TABLES } from '../../schemas/tables';
import {
  type TenantConfig,
  TenantConfigSchema,
} from '../../schemas/tenant-config';
import { dynamo } from './clients/dynamo';
import { requireEnv } from './env';
import { InvariantError, NotFoundError } from './errors';
import { TENANT_SK, tenantPk } from './keys';

/** How long a warm function trusts its cached tenant configuration. */
const CACHE_MS = 60_000;

/** A tenant's configuration item: the configuration and its guardrail. */
interface TenantItem {
  readonly config: TenantConfig;
  /** The guardrail deployed from `config.guardrails`, once there is one. */
  readonly guardrail?: GuardrailRef;
}

const cache = new Map<string, { item: TenantItem; until: number }>();

/**
 * Loads a tenant's configuration, cached per warm function for a minute.
 * Throws `NotFoundError` for an unknown tenant.
 */
export async function getTenantConfig(
  tenantId: string,
  now = Date.now(),
): Promise<TenantConfig> {
  return (await getTenantItem(tenantId, now)).config;
}

/**
 * The guardrail deployed for a tenant, stored beside its configuration
 * (and cached with it), or `undefined` when none was deployed.
 */
export async function getTenantGuardrail(
  tenantId: string,
  now = Date.now(),
): Promise<GuardrailRef | undefined> {
  return (await getTenantItem(tenantId, now)).guardrail;
}

async function getTenantItem(tenantId: string, now: number) {
  const hit = cache.get(tenantId);
  if (hit && hit.until > now) return hit.item;

  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: requireEnv(TABLES.tenants.envVar),
      Key: { pk: tenantPk(tenantId), sk: TENANT_SK.config },
    }),
  );
  if (!Item) throw new NotFoundError(`Unknown tenant ${tenantId}`);

  const item: TenantItem = {
    config: TenantConfigSchema.parse(Item.config),
    ...(Item.guardrail === undefined
      ? {}
      : { guardrail: storedGuardrail(tenantId, Item.guardrail) }),
  };
  cache.set(tenantId, { item, until: now + CACHE_MS });
  return item;
}

function storedGuardrail(tenantId: string, value: unknown): GuardrailRef {
  const result = GuardrailRefSchema.safeParse(value);
  if (!result.success) {
    throw new InvariantError(
      `The guardrail stored for tenant ${tenantId} is not { id, version }`,
      { cause: result.error },
    );
  }
  return result.data;
}

/** Forgets a tenant's cached configuration, to read it again. */
export function forgetTenant(tenantId: string): void {
  cache.delete(tenantId);
}

/** Forgets cached configurations (tests, and after a tenant changes). */
export function clearTenantCache(): void {
  cache.clear();
}
