import { type App, Stack, Validations } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { INTENT_ARTIFACT_FORMAT_ID } from '../../functions/shared/intent/serialize';
import { INDEX_FORMAT_ID } from '../../functions/shared/knowledge/index-format';
import { FrontlineTables } from '../../infra/constructs/tables';
import {
  TENANT_ASSETS_MEMORY_MB,
  TENANT_ASSETS_TIMEOUT_MINUTES,
  type TenantAssetSource,
  TenantAssets,
} from '../../infra/constructs/tenant-assets';
import { constructId } from '../../infra/function-catalogue';
import {
  buildApp,
  buildTemplate,
  ProjectFixture,
  VALID_TENANT,
} from './fixtures';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}

const CSV = 'text,category\nwhere is my order,order_status\nhi,greeting\n';
const BASE_URL = 'https://help.example.com/';

/** demo: examples and articles; acme: examples only; bare: neither. */
const TENANT_FILES = {
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
const CONTEXT = {
  'frontline:tenantConfigFiles': [
    'tenants/demo/tenant.json',
    'tenants/acme/tenant.json',
    'tenants/bare/tenant.json',
  ],
};

const fixture = new ProjectFixture(TENANT_FILES);
let template: Template;

beforeAll(() => {
  template = buildTemplate(fixture, { context: CONTEXT });
});
afterAll(() => fixture.remove());

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
function assetsOf(template: Template, tenantId: string): TenantAssetsResource {
  const resources = template.findResources('Custom::FrontlineTenantAssets', {
    Properties: { tenantId },
  });
  const [entry] = Object.entries(resources);
  if (!entry) throw new Error(`No tenant assets resource for ${tenantId}`);
  return { logicalId: entry[0], ...entry[1] } as TenantAssetsResource;
}

function statementsOfRole(role: RegExp): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(role.source) }] },
  });
  return Object.values(policies).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement,
  );
}

const actionsOf = (statement: Statement) =>
  typeof statement.Action === 'string' ? [statement.Action] : statement.Action;

/** `rule at path` for each finding the AWS Solutions pack reports. */
function nagFindings(app: App): string[] {
  const report = new AwsSolutionsChecks().validateScope(app);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) => `${violation.ruleName} at ${resource.constructPath}`,
    ),
  );
}

/** Every acknowledgement in the tree: rule id and construct path. */
function acknowledgements(root: IConstruct) {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter(
        (entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
      )
      .flatMap((entry) =>
        Object.keys(entry.data as Record<string, string>).map((id) => ({
          id: id.replace(/^annotation::/i, ''),
          path: construct.node.path,
        })),
      ),
  );
}

const ASSET_KEY = (extension: string) =>
  new RegExp(`^[0-9a-f]{64}\\.${extension}$`);

describe('tenant assets', () => {
  it('creates one resource per tenant with examples or articles', () => {
    // Act
    const resources = template.findResources('Custom::FrontlineTenantAssets');

    // Assess
    expect(
      Object.values(resources)
        .map((r) => r.Properties.tenantId)
        .sort(),
    ).toEqual(['acme', 'demo']);
  });

  it('hands each resource its uploaded files', () => {
    // Act
    const demo = assetsOf(template, 'demo').Properties;
    const acme = assetsOf(template, 'acme').Properties;

    // Assess
    const bucket = {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
      'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}',
    };
    expect(demo).toEqual({
      ServiceToken: expect.anything(),
      tenantId: 'demo',
      intents: {
        bucket,
        key: expect.stringMatching(ASSET_KEY('csv')),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        format: INTENT_ARTIFACT_FORMAT_ID,
      },
      knowledge: {
        bucket,
        key: expect.stringMatching(ASSET_KEY('zip')),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        format: INDEX_FORMAT_ID,
        baseUrl: BASE_URL,
      },
    });
    expect(demo.intents?.key).toBe(`${demo.intents?.hash}.csv`);
    expect(Object.keys(acme).sort()).toEqual([
      'ServiceToken',
      'intents',
      'tenantId',
    ]);
  });

  it('gives a changed CSV a new hash, so the tenant is trained again', () => {
    // Prepare
    const changed = new ProjectFixture({
      ...TENANT_FILES,
      'tenants/demo/intents.csv': `${CSV}track my parcel,order_status\n`,
    });

    // Act
    const after = buildTemplate(changed, { context: CONTEXT });
    changed.remove();

    // Assess
    const before = assetsOf(template, 'demo').Properties;
    const now = assetsOf(after, 'demo').Properties;
    expect(now.intents?.hash).not.toBe(before.intents?.hash);
    expect(now.knowledge?.hash).toBe(before.knowledge?.hash);
    expect(assetsOf(after, 'acme').Properties).toEqual(
      assetsOf(template, 'acme').Properties,
    );
  });

  it('waits for the tenant configuration to be written', () => {
    // Prepare
    const seeds = Object.keys(
      template.findResources('Custom::FrontlineTenantConfig'),
    );

    // Act
    const dependsOn: string[] = assetsOf(template, 'demo').DependsOn ?? [];

    // Assess
    expect(seeds).toHaveLength(3);
    expect(dependsOn).toEqual(expect.arrayContaining(seeds));
  });

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
    const tables = statementsOfRole(/^TenantAssetsFunctionRole/)
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
    const actions = statementsOfRole(/^TenantAssetsFunctionRole/)
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
    const statement = statementsOfRole(/^TenantAssetsFunctionRole/).find((s) =>
      actionsOf(s).includes('s3:GetObject'),
    );

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

  it('reports no unacknowledged cdk-nag finding', () => {
    // Prepare
    const { app } = buildApp(fixture, { context: CONTEXT });
    app.synth();

    // Act
    const reported = nagFindings(app);

    // Assess
    expect(reported).toEqual([]);
  });

  it('acknowledges only findings of its own resources that occur', () => {
    // Prepare
    const { app } = buildApp(fixture, { context: CONTEXT });
    app.synth();
    const acknowledged = acknowledgements(app).filter(({ path }) =>
      path.startsWith('Frontline/TenantAssets'),
    );
    jest
      .spyOn(
        NagPack.prototype as unknown as { isAcknowledged(): boolean },
        'isAcknowledged',
      )
      .mockReturnValue(false);

    // Act
    const raw = nagFindings(app);

    // Assess
    expect(acknowledged.map(({ id }) => id.split('[')[0]).sort()).toEqual([
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
    ]);
    for (const { id, path } of acknowledged) {
      const matching = raw.filter((f) => f.startsWith(`${id} at ${path}/`));
      expect({ id, path, matches: matching.length }).toEqual({
        id,
        path,
        matches: 1,
      });
    }
    jest.restoreAllMocks();
  });

  it('creates no function when no tenant has examples or articles', () => {
    // Prepare
    const plain = new ProjectFixture();

    // Act
    const without = buildTemplate(plain);
    plain.remove();

    // Assess
    without.resourceCountIs('Custom::FrontlineTenantAssets', 0);
    expect(
      Object.keys(without.findResources('AWS::IAM::Role')).filter((id) =>
        id.startsWith('TenantAssets'),
      ),
    ).toEqual([]);
  });
});

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

describe('TenantAssets props', () => {
  const source = (tenant: Partial<TenantAssetSource>): TenantAssetSource => ({
    tenantId: 'demo',
    intentsCsv: `${fixture.root}/tenants/demo/intents.csv`,
    ...tenant,
  });

  it.each([
    [
      'a tenant listed twice',
      [source({}), source({})],
      'tenants lists tenantId "demo" more than once',
    ],
    [
      'a tenant without files',
      [source({ intentsCsv: undefined })],
      'Tenant demo has neither intentsCsv nor knowledgeDir',
    ],
  ])('rejects %s', (_case, tenants, message) => {
    // Prepare
    const stack = new Stack();
    const tables = new FrontlineTables(stack, 'Tables');

    // Act
    const create = () =>
      new TenantAssets(stack, 'TenantAssets', {
        tables,
        tenants,
        projectRoot: fixture.root,
      });

    // Assess
    expect(create).toThrow(message);
  });
});

describe('understand', () => {
  it('may invoke the model, which labels what the classifier is unsure of', () => {
    // Act
    const role = new RegExp(`^Functions${constructId('understand')}Role`);
    const actions = statementsOfRole(role).flatMap(actionsOf);

    // Assess
    expect(actions).toContain('bedrock:InvokeModel');
  });
});
