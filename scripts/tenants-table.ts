import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TenantTable } from '../functions/shared/tenant-parts';
import { UsageError } from './cli-support';

/** Where a command line stores a tenant's artifacts. */
export interface TableOptions {
  /** DynamoDB endpoint; AWS when absent. */
  readonly endpoint?: string;
  /** Tenants table name. @default env TENANTS_TABLE, else 'Tenants' */
  readonly table?: string;
  /** @default env AWS_REGION, else 'us-east-1' */
  readonly region?: string;
}

/** A tenant's view of the Tenants table, and what to say of it. */
export interface OpenTable {
  readonly table: TenantTable;
  readonly region: string;
  /** "Tenants at http://127.0.0.1:8000", or the name alone on AWS. */
  readonly where: string;
  close(): void;
}

/**
 * Opens the Tenants table for one tenant: on a loopback endpoint (the
 * local runtime's DynamoDB, any credentials) or on AWS with the usual
 * credential chain.
 */
export function openTenantsTable(
  tenantId: string,
  options: TableOptions,
  env: NodeJS.ProcessEnv,
): OpenTable {
  const endpoint = options.endpoint ?? env.AWS_ENDPOINT_URL_DYNAMODB;
  const tableName = options.table ?? env.TENANTS_TABLE ?? 'Tenants';
  const region = options.region ?? env.AWS_REGION ?? 'us-east-1';
  const raw = new DynamoDBClient({
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(endpoint && !env.AWS_ACCESS_KEY_ID
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  const client = DynamoDBDocumentClient.from(raw);
  return {
    table: { client, tableName, tenantId },
    region,
    where: endpoint ? `${tableName} at ${endpoint}` : tableName,
    close: () => raw.destroy(),
  };
}

/** The `parseArgs` options that name the Tenants table. */
export const TABLE_OPTIONS = {
  table: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
} as const;

/**
 * The table a command line's `--table`, `--endpoint` and `--region` name.
 * One of the first two must be given (or `AWS_ENDPOINT_URL_DYNAMODB` set),
 * so that nothing is stored on AWS by accident.
 */
export function tableOptionsOf(
  values: { table?: string; endpoint?: string; region?: string },
  env: NodeJS.ProcessEnv,
): TableOptions {
  const endpoint = values.endpoint ?? env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!values.table && !endpoint) {
    throw new UsageError(
      'Name the Tenants table with --table (AWS) or --endpoint (local)',
    );
  }
  return { table: values.table, endpoint, region: values.region };
}
