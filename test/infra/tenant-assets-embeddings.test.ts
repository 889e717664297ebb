import { Match, type Template } from 'aws-cdk-lib/assertions';
import { buildTemplate, ProjectFixture, VALID_TENANT } from './fixtures';
import { actionsOf, assetsOf, type Statement } from './tenant-assets-fixtures';

describe('tenant assets with embeddings', () => {
  const TITAN = 'amazon.titan-embed-text-v2:0';
  const files = {
    'tenants/demo/tenant.json': {
      ...VALID_TENANT,
      knowledge: { embeddings: { modelId: TITAN, dimensions: 512 } },
    },
    'tenants/demo/knowledge/returns.md': '# Returns\nWithin 30 days.\n',
  };
  const embedded = new ProjectFixture(files);
  let withEmbeddings: Template;
  beforeAll(() => {
    withEmbeddings = buildTemplate(embedded, {
      context: { 'frontline:tenantConfigFiles': ['tenants/demo/tenant.json'] },
    });
  });
  afterAll(() => embedded.remove());

  it('hands the resource the embedding model and vector length', () => {
    // Assess
    expect(assetsOf(withEmbeddings, 'demo').Properties.knowledge).toMatchObject(
      { embeddings: { modelId: TITAN, dimensions: 512 } },
    );
  });

  it('lets the function invoke that embedding model and no other', () => {
    // Act
    const policies = withEmbeddings.findResources('AWS::IAM::Policy', {
      Properties: {
        Roles: [{ Ref: Match.stringLikeRegexp('^TenantAssetsFunctionRole') }],
      },
    });
    const invoke = Object.values(policies)
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => actionsOf(s).includes('bedrock:InvokeModel'));

    // Assess
    expect(invoke).toHaveLength(1);
    expect(JSON.stringify(invoke[0]?.Resource)).toContain(
      `foundation-model/${TITAN}`,
    );
    expect([invoke[0]?.Resource].flat()).toHaveLength(1);
  });
});
