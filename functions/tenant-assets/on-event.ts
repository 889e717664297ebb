import { TABLES } from '../../schemas/tables';
import {
  type TenantAssetsEvent,
  TenantAssetsEventSchema,
  type TenantAssetsProperties,
  TenantAssetsPropertiesSchema,
  type TenantAssetsResponse,
} from '../../schemas/tenant-assets';
import { dynamo } from '../shared/clients/dynamo';
import { requireEnv } from '../shared/env';
import { logger } from '../shared/observability';
import type { TenantTable } from '../shared/tenant-parts';
import { parseOrThrow } from '../shared/validate';
import { trainTenantIntents } from './intents';
import { ingestTenantKnowledge } from './knowledge';

/** The resource's id: one per tenant, kept across updates. */
export const physicalId = (tenantId: string) => `tenant-assets-${tenantId}`;

/**
 * Handles a `Custom::FrontlineTenantAssets` request. Create and Update
 * train the tenant's intent classifier and build its knowledge index from
 * the uploaded tenant folder; neither is written again when the stored
 * artifact came from the same data (classifier training itself is skipped
 * then), so a retried or repeated request changes nothing. Delete leaves both on the Tenants table, as removing a tenant
 * from the stack leaves its configuration: a tenant's data outlives the
 * deployment that wrote it, and deleting it is a deliberate act.
 *
 * @throws ValidationError when the request or its properties are invalid,
 * or the tenant's files cannot be used; the provider reports the message
 * to CloudFormation, which rolls the deployment back.
 */
export async function onEvent(event: unknown): Promise<TenantAssetsResponse> {
  const request = parseOrThrow(
    TenantAssetsEventSchema,
    event,
    'custom resource request',
  );
  if (request.RequestType === 'Delete') {
    logger.info('Tenant assets left in place', {
      physical_id: request.PhysicalResourceId,
    });
    return { PhysicalResourceId: request.PhysicalResourceId };
  }

  const properties = parseOrThrow(
    TenantAssetsPropertiesSchema,
    request.ResourceProperties,
    'tenant assets properties',
  );
  logger.appendKeys({ tenant_id: properties.tenantId });
  logger.info('Applying tenant assets', describe(request, properties));
  return {
    PhysicalResourceId: physicalId(properties.tenantId),
    Data: await applyTenantAssets(properties),
  };
}

/** Trains and ingests what the properties name, one after the other. */
export async function applyTenantAssets(
  properties: TenantAssetsProperties,
  now = new Date(),
): Promise<NonNullable<TenantAssetsResponse['Data']>> {
  const table: TenantTable = {
    client: dynamo,
    tableName: requireEnv(TABLES.tenants.envVar),
    tenantId: properties.tenantId,
  };
  const { intents, knowledge } = properties;
  return {
    Intents: intents ? await trainTenantIntents(table, intents, now) : 'none',
    Knowledge: knowledge
      ? await ingestTenantKnowledge(table, knowledge, now)
      : 'none',
  };
}

function describe(
  request: Exclude<TenantAssetsEvent, { RequestType: 'Delete' }>,
  properties: TenantAssetsProperties,
) {
  return {
    request_type: request.RequestType,
    intents_hash: properties.intents?.hash.slice(0, 12),
    intents_format: properties.intents?.format,
    knowledge_hash: properties.knowledge?.hash.slice(0, 12),
    knowledge_format: properties.knowledge?.format,
  };
}
