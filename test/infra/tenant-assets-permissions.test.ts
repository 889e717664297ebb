import { Match, type Template } from 'aws-cdk-lib/assertions';
import {
  TENANT_ASSETS_MEMORY_MB,
  TENANT_ASSETS_TIMEOUT_MINUTES,
} from '../../infra/constructs/tenant-assets';
import { constructId } from '../../infra/function-catalogue';
import {
  actionsOf,
  assetsOf,
  buildTenantsTemplate,
  statementsOfRole,
  tenantsFixture,
} from './tenant-assets-fixtures';

const fixture = tenantsFixture();
let template: Template;

beforeAll(() => {
  template = buildTenantsTemplate(fixture);
});
afterAll(() => fixture.remove());

describe('tenant assets', () => {
  it('serves the resources with one training-sized function', () => {
    // Act
    const token = assetsOf(template, 'demo').Properties.ServiceToken;

    // Assess
    expect(token).toEqual({
      'Fn::GetAtt': [
        expect.stringMatching(/^TenantAssetsProviderframeworkonEvent/),
        'Arn',
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: {
        'Fn::GetAtt': [
          Match.stringLikeRegexp('^TenantAssetsFunctionRole'),
          'Arn',
        ],
      },
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: TENANT_ASSETS_MEMORY_MB,
      Timeout: TENANT_ASSETS_TIMEOUT_MINUTES * 60,
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: {
          TENANTS_TABLE: { Ref: Match.stringLikeRegexp('^TablesTenants') },
          POWERTOOLS_SERVICE_NAME: 'tenant-assets',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('lets the function read and write the Tenants table only', () => {
    // Act
    const tables = statementsOfRole(template, /^TenantAssetsFunctionRole/)
      .filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')))
      .map((s) => JSON.stringify(s.Resource));

    // Assess
    expect(tables).toHaveLength(2);
    for (const resource of tables) {
      expect(resource).toContain('"TablesTenants');
      expect(resource).not.toMatch(/"Tables(Conversations|Store|Idem)/);
    }
  });

  it('grants the function exactly the actions it needs', () => {
    // Act
    const actions = statementsOfRole(template, /^TenantAssetsFunctionRole/)
      .flatMap(actionsOf)
      .sort();

    // Assess
    expect(actions).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
  });

  it('lets the function get its three asset objects and nothing else', () => {
    // Prepare
    const keys = ['demo', 'acme'].flatMap((tenantId) => {
      const { intents, knowledge } = assetsOf(template, tenantId).Properties;
      return [intents, knowledge].flatMap((o) => (o ? [o.key] : []));
    });

    // Act
    const statement = statementsOfRole(
      template,
      /^TenantAssetsFunctionRole/,
    ).find((s) => actionsOf(s).includes('s3:GetObject'));

    // Assess
    const resources = ((statement?.Resource ?? []) as unknown[]).map((r) =>
      JSON.stringify(r),
    );
    expect(statement?.Action).toBe('s3:GetObject');
    expect(resources).toHaveLength(3);
    for (const [i, key] of keys.entries()) {
      expect(resources[i]).toContain(`/${key}"`);
      expect(resources[i]).toContain('cdk-hnb659fds-assets-');
    }
  });
});

describe('understand', () => {
  it('may invoke the model, which labels what the classifier is unsure of', () => {
    // Act
    const role = new RegExp(`^Functions${constructId('understand')}Role`);
    const actions = statementsOfRole(template, role).flatMap(actionsOf);

    // Assess
    expect(actions).toContain('bedrock:InvokeModel');
  });
});
