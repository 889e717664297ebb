import { Match, Template } from 'aws-cdk-lib/assertions';
import { embeddingModelIds } from '../../infra/embedding-models';
import { constructId, type FunctionName } from '../../infra/function-catalogue';
import { TenantConfigSchema } from '../../schemas/tenant-config';
import { buildApp, ProjectFixture, VALID_TENANT } from './fixtures';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}

const TITAN = 'amazon.titan-embed-text-v2:0';

const tenantFile = (
  tenantId: string,
  embeddings?: Record<string, unknown>,
) => ({
  ...VALID_TENANT,
  tenantId,
  ...(embeddings ? { knowledge: { embeddings } } : {}),
});

function template(files: Record<string, unknown>): Template {
  const fixture = new ProjectFixture(files);
  try {
    return Template.fromStack(
      buildApp(fixture, {
        context: { 'frontline:tenantConfigFiles': Object.keys(files) },
      }).stack,
    );
  } finally {
    fixture.remove();
  }
}

/** The resources a function's role may call `bedrock:InvokeModel` on. */
function invokable(t: Template, name: FunctionName): unknown[] {
  const role = new RegExp(`^Functions${constructId(name)}Role[0-9A-F]{8}$`);
  const policies = t.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(role.source) }] },
  });
  return Object.values(policies)
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
    .filter((s) => [s.Action].flat().includes('bedrock:InvokeModel'))
    .flatMap((s) => [s.Resource].flat());
}

describe('embedding models', () => {
  it('lists each tenant embedding model once', () => {
    // Prepare
    const tenants = [
      tenantFile('a', { modelId: TITAN, dimensions: 512 }),
      tenantFile('b', { modelId: TITAN }),
      tenantFile('c'),
    ].map((file) => TenantConfigSchema.parse(file));

    // Act
    const ids = embeddingModelIds(tenants);

    // Assess
    expect(ids).toEqual([TITAN]);
  });

  it('lets retrieve invoke exactly the embedding models tenants rank with', () => {
    // Act
    const t = template({
      'tenants/a/tenant.json': tenantFile('a', { modelId: TITAN }),
      'tenants/b/tenant.json': tenantFile('b'),
    });

    // Assess
    const resources = JSON.stringify(invokable(t, 'retrieve'));
    expect(resources).toContain(`foundation-model/${TITAN}`);
    expect(invokable(t, 'retrieve')).toHaveLength(1);
  });

  it('gives retrieve no model access when no tenant uses embeddings', () => {
    // Act
    const t = template({ 'tenants/b/tenant.json': tenantFile('b') });

    // Assess
    expect(invokable(t, 'retrieve')).toEqual([]);
  });
});
