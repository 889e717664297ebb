import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { buildTemplate, ProjectFixture, VALID_TENANT } from './fixtures';

/**
 * Three tenants for the tenant-assets resources and the lookups into the
 * template they build: each test file builds that template once
 * (`buildTenantsTemplate` in a `beforeAll`).
 */
export interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}

export const CSV =
  'text,category\nwhere is my order,order_status\nhi,greeting\n';
export const BASE_URL = 'https://help.example.com/';

/** demo: examples and articles; acme: examples only; bare: neither. */
export const TENANT_FILES = {
  'tenants/demo/tenant.json': {
    ...VALID_TENANT,
    knowledge: { baseUrl: BASE_URL },
  },
  'tenants/demo/intents.csv': CSV,
  'tenants/demo/knowledge/returns.md': '# Returns\nWithin 30 days.\n',
  'tenants/acme/tenant.json': { ...VALID_TENANT, tenantId: 'acme' },
  'tenants/acme/intents.csv': CSV,
  'tenants/bare/tenant.json': { ...VALID_TENANT, tenantId: 'bare' },
};
export const CONTEXT = {
  'frontline:tenantConfigFiles': [
    'tenants/demo/tenant.json',
    'tenants/acme/tenant.json',
    'tenants/bare/tenant.json',
  ],
};

/** A project holding the three tenants' files. */
export const tenantsFixture = () => new ProjectFixture(TENANT_FILES);

/** The stack's template over a project of the three tenants. */
export const buildTenantsTemplate = (fixture: ProjectFixture) =>
  buildTemplate(fixture, { context: CONTEXT });

interface AssetObjectProps {
  readonly bucket: unknown;
  readonly key: string;
  readonly hash: string;
}

interface TenantAssetsResource {
  readonly logicalId: string;
  readonly Properties: {
    readonly ServiceToken: unknown;
    readonly tenantId: string;
    readonly intents?: AssetObjectProps;
    readonly knowledge?: AssetObjectProps & { readonly baseUrl?: string };
  };
  readonly DependsOn?: string[];
}

/** The tenant's `Custom::FrontlineTenantAssets` resource. */
export function assetsOf(
  template: Template,
  tenantId: string,
): TenantAssetsResource {
  const resources = template.findResources('Custom::FrontlineTenantAssets', {
    Properties: { tenantId },
  });
  const [entry] = Object.entries(resources);
  if (!entry) throw new Error(`No tenant assets resource for ${tenantId}`);
  return { logicalId: entry[0], ...entry[1] } as TenantAssetsResource;
}

/** The policy statements of the role whose logical id matches `role`. */
export function statementsOfRole(
  template: Template,
  role: RegExp,
): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(role.source) }] },
  });
  return Object.values(policies).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement,
  );
}

export const actionsOf = (statement: Statement) =>
  typeof statement.Action === 'string' ? [statement.Action] : statement.Action;
