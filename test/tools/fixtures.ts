import {
  type TenantConfig,
  TenantConfigSchema,
} from '../../schemas/tenant-config';
import { LOOPBACK_TOOLS_ENV } from '../../schemas/tools/hosts';

/** A secret ARN and a function ARN of the shapes the manifest accepts. */
export const SECRET_ARN =
  'arn:aws:secretsmanager:us-east-1:111122223333:secret:acme/api-token-Ab12Cd';
export const FUNCTION_ARN =
  'arn:aws:lambda:us-east-1:111122223333:function:acme-stock-check';

/** A tenant tool input: one required 12-digit number, one optional flag. */
export const TRACKING_INPUT = {
  type: 'object',
  properties: {
    tracking_number: {
      type: 'string',
      pattern: '^\\d{12}$',
      description: 'The 12-digit carrier tracking number',
    },
    detailed: { type: 'boolean' },
  },
  required: ['tracking_number'],
  additionalProperties: false,
};

/** A tenant tool over HTTP, as a tenant file declares it. */
export const httpTool = (overrides: Record<string, unknown> = {}) => ({
  name: 'track_parcel',
  description: 'Track a parcel by its carrier tracking number.',
  risk: 'read',
  input: TRACKING_INPUT,
  target: {
    type: 'http',
    url: 'https://api.acme.test/v1/track',
    method: 'GET',
    secretArn: SECRET_ARN,
  },
  ...overrides,
});

/** A tenant tool run by a Lambda function. */
export const lambdaTool = (overrides: Record<string, unknown> = {}) => ({
  name: 'check_stock',
  description: 'Check the stock of an item at the warehouse.',
  risk: 'read',
  input: {
    type: 'object',
    properties: { item_id: { type: 'string', pattern: '^\\d{10}$' } },
    required: ['item_id'],
  },
  target: { type: 'lambda', functionArn: FUNCTION_ARN },
  ...overrides,
});

/** A tenant file with the given tool settings. */
export const tenantJson = (tools: Record<string, unknown>) => ({
  tenantId: 'acme',
  displayName: 'Acme',
  persona: { name: 'Ava', company: 'Acme' },
  languages: ['en'],
  tools,
});

/** A parsed configuration whose tenant declares and enables both tools. */
export function tenantWithTools(
  tools: Record<string, unknown> = {},
): TenantConfig {
  return TenantConfigSchema.parse(
    tenantJson({
      enabled: ['get_order_details', 'track_parcel', 'check_stock'],
      custom: [httpTool(), lambdaTool()],
      allowedHosts: ['api.acme.test'],
      ...tools,
    }),
  );
}

/** Runs `body` with loopback tool hosts allowed or not, then restores. */
export async function withLoopback<T>(
  allowed: boolean,
  body: () => T | Promise<T>,
): Promise<T> {
  const before = process.env[LOOPBACK_TOOLS_ENV];
  if (allowed) process.env[LOOPBACK_TOOLS_ENV] = 'true';
  else delete process.env[LOOPBACK_TOOLS_ENV];
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env[LOOPBACK_TOOLS_ENV];
    else process.env[LOOPBACK_TOOLS_ENV] = before;
  }
}
