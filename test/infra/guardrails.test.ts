import { type App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  CONTENT_FILTER_TYPES,
  TenantGuardrails,
} from '../../infra/constructs/guardrails';
import { TenantConfigSeed } from '../../infra/constructs/tenant-config-seed';
import { ConfigurationError } from '../../infra/errors';
import {
  constructId,
  FUNCTIONS,
  type FunctionName,
} from '../../infra/function-catalogue';
import { DEFAULT_BLOCKED_MESSAGE } from '../../schemas/guardrails';
import { TenantConfigSchema } from '../../schemas/tenant-config';
import {
  buildApp,
  functionIdPattern,
  ProjectFixture,
  VALID_TENANT,
} from './fixtures';

const ACME = {
  ...VALID_TENANT,
  tenantId: 'acme',
  guardrails: {
    deniedTopics: [
      {
        name: 'Legal advice',
        definition: 'Opinions on lawsuits or liability.',
        examples: ['Can I sue you?'],
      },
      { name: 'Politics', definition: 'Elections, parties and politicians.' },
    ],
    contentFilterStrength: 'MEDIUM',
    promptAttackStrength: 'LOW',
    blockedMessage: 'We cannot talk about that here.',
  },
};

const TENANT_FILES = {
  'frontline:tenantConfigFiles': [
    'tenants/demo/tenant.json',
    'tenants/acme/tenant.json',
  ],
};

const fixture = new ProjectFixture({ 'tenants/acme/tenant.json': ACME });
let app: App;
let template: Template;

beforeAll(() => {
  const built = buildApp(fixture, { context: TENANT_FILES });
  app = built.app;
  template = (
    jest.requireActual(
      'aws-cdk-lib/assertions',
    ) as typeof import('aws-cdk-lib/assertions')
  ).Template.fromStack(built.stack);
});
afterAll(() => fixture.remove());

const NAMES = Object.keys(FUNCTIONS) as FunctionName[];
const MODEL_FUNCTIONS = NAMES.filter((name) => FUNCTIONS[name].invokesModel);

/** Logical id of a tenant's guardrail or version: `Guardrails<id><hash>`. */
function logicalId(type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) =>
    new RegExp(`^Guardrails${prefix}[0-9A-F]{8}$`).test(id),
  );
  if (ids.length !== 1) throw new Error(`No single ${type} ${prefix}`);
  return ids[0] as string;
}

const guardrailId = (tenant: string) =>
  logicalId('AWS::Bedrock::Guardrail', tenant);
const versionId = (tenant: string) =>
  logicalId('AWS::Bedrock::GuardrailVersion', `${tenant}Version`);

function functionProps(name: FunctionName) {
  const entry = Object.entries(
    template.findResources('AWS::Lambda::Function'),
  ).find(([id]) => functionIdPattern(name).test(id));
  if (!entry) throw new Error(`No function ${name}`);
  return entry[1].Properties;
}

/** Statements of the policies attached to a function's role. */
function statementsOf(name: FunctionName) {
  const role = `^Functions${constructId(name)}Role[0-9A-F]{8}$`;
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(role) }] },
  });
  return Object.values(policies).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
  );
}

const filters = (content: string, attack: string) => [
  ...CONTENT_FILTER_TYPES.map((type) => ({
    Type: type,
    InputStrength: content,
    OutputStrength: content,
  })),
  { Type: 'PROMPT_ATTACK', InputStrength: attack, OutputStrength: 'NONE' },
];

describe('tenant guardrails', () => {
  it('creates one guardrail and one version per tenant', () => {
    // Assess
    template.resourceCountIs('AWS::Bedrock::Guardrail', 2);
    template.resourceCountIs('AWS::Bedrock::GuardrailVersion', 2);
  });

  it("builds a tenant's guardrail from its settings", () => {
    // Act
    const props = template.toJSON().Resources[guardrailId('acme')].Properties;

    // Assess
    expect(props).toEqual({
      Name: 'Frontline-acme',
      Description: 'Frontline guardrail of tenant acme',
      BlockedInputMessaging: 'We cannot talk about that here.',
      BlockedOutputsMessaging: 'We cannot talk about that here.',
      ContentPolicyConfig: { FiltersConfig: filters('MEDIUM', 'LOW') },
      TopicPolicyConfig: {
        TopicsConfig: [
          {
            Name: 'Legal advice',
            Definition: 'Opinions on lawsuits or liability.',
            Examples: ['Can I sue you?'],
            Type: 'DENY',
          },
          {
            Name: 'Politics',
            Definition: 'Elections, parties and politicians.',
            Type: 'DENY',
          },
        ],
      },
    });
  });

  it('gives a tenant without settings the strongest filters and no topics', () => {
    // Act
    const props = template.toJSON().Resources[guardrailId('demo')].Properties;

    // Assess
    expect(props.ContentPolicyConfig).toEqual({
      FiltersConfig: filters('HIGH', 'HIGH'),
    });
    expect(props.TopicPolicyConfig).toBeUndefined();
    expect(props.BlockedInputMessaging).toBe(DEFAULT_BLOCKED_MESSAGE);
  });

  it('versions each guardrail, naming the settings it was taken from', () => {
    // Act
    const version = template.toJSON().Resources[versionId('acme')].Properties;

    // Assess
    expect(version).toEqual({
      GuardrailIdentifier: {
        'Fn::GetAtt': [guardrailId('acme'), 'GuardrailId'],
      },
      Description: expect.stringMatching(
        /^Settings [0-9a-f]{16} of tenant acme$/,
      ),
    });
  });

  it('replaces the version when the settings change', () => {
    // Prepare
    const versionOf = (promptAttackStrength: string) => {
      const stack = new Stack();
      const config = TenantConfigSchema.parse({
        ...ACME,
        guardrails: { ...ACME.guardrails, promptAttackStrength },
      });
      const guardrails = new TenantGuardrails(stack, 'Guardrails', {
        tenants: [config],
      });
      return guardrails.byTenant.get('acme')?.version.description;
    };

    // Act
    const low = versionOf('LOW');
    const high = versionOf('HIGH');

    // Assess
    expect(low).toBe(versionOf('LOW'));
    expect(high).not.toBe(low);
  });

  it.each(MODEL_FUNCTIONS)(
    'requires a guardrail on every call of %s',
    (name) => {
      // Act
      const value = functionProps(name).Environment.Variables.GUARDRAILS;

      // Assess
      expect(value).toBe('required');
    },
  );

  it.each(['demo', 'acme'])(
    "stores %s's guardrail beside its configuration",
    (tenant) => {
      // Prepare
      const seed = Object.values(
        template.findResources('Custom::FrontlineTenantConfig'),
      ).find((resource) =>
        JSON.stringify(resource.Properties.Create).includes(`T#${tenant}`),
      );

      // Act
      const parts: unknown[] = seed?.Properties.Create['Fn::Join'][1] ?? [];

      // Assess
      const id = parts.indexOf(parts.find((p) => isGetAtt(p, 'GuardrailId')));
      const version = parts.indexOf(parts.find((p) => isGetAtt(p, 'Version')));
      expect(parts[id]).toEqual({
        'Fn::GetAtt': [versionId(tenant), 'GuardrailId'],
      });
      expect(parts[version]).toEqual({
        'Fn::GetAtt': [versionId(tenant), 'Version'],
      });
      expect(parts[id - 1]).toMatch(/"guardrail":\{"M":\{"id":\{"S":"$/);
      expect(parts[version - 1]).toMatch(/"version":\{"S":"$/);
    },
  );

  it.each(NAMES.filter((n) => !FUNCTIONS[n].invokesModel))(
    'leaves GUARDRAILS out of %s',
    (name) => {
      // Act
      const variables = functionProps(name).Environment.Variables;

      // Assess
      expect(variables.GUARDRAILS).toBeUndefined();
    },
  );

  it.each(MODEL_FUNCTIONS)(
    'lets %s apply exactly the tenants’ guardrails',
    (name) => {
      // Act
      const statements = statementsOf(name).filter((s) =>
        JSON.stringify(s.Action).includes('ApplyGuardrail'),
      );

      // Assess
      expect(statements).toEqual([
        {
          Effect: 'Allow',
          Action: 'bedrock:ApplyGuardrail',
          Resource: [
            { 'Fn::GetAtt': [guardrailId('demo'), 'GuardrailArn'] },
            { 'Fn::GetAtt': [guardrailId('acme'), 'GuardrailArn'] },
          ],
        },
      ]);
    },
  );

  it.each(NAMES.filter((n) => !FUNCTIONS[n].invokesModel))(
    'does not let %s apply guardrails',
    (name) => {
      // Act
      const actions = JSON.stringify(statementsOf(name).map((s) => s.Action));

      // Assess
      expect(actions).not.toContain('ApplyGuardrail');
    },
  );

  it('reports no cdk-nag finding', () => {
    // Prepare
    app.synth();

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('creates no guardrail, variable or grant without tenants', () => {
    // Prepare
    const stack = new Stack();
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
    const guardrails = new TenantGuardrails(stack, 'Guardrails', {
      tenants: [],
    });

    // Act
    guardrails.grantApply(fn);

    // Assess
    const rendered = Template.fromStack(stack);
    rendered.resourceCountIs('AWS::Bedrock::Guardrail', 0);
    expect(JSON.stringify(rendered.toJSON())).not.toMatch(
      /GUARDRAILS|ApplyGuardrail/,
    );
  });

  it('refuses to seed a tenant the guardrails leave out', () => {
    // Prepare
    const tenants = [TenantConfigSchema.parse(ACME)];
    const guardrails = new Map([['demo', { id: 'abc', version: '1' }]]);

    // Act
    const seed = () => {
      const stack = new Stack();
      const table = new dynamodb.TableV2(stack, 'Tenants', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      });
      return new TenantConfigSeed(stack, 'Seed', {
        table,
        tenants,
        guardrails,
      });
    };

    // Assess
    expect(seed).toThrow(ConfigurationError);
    expect(seed).toThrow('no guardrail for tenant "acme"');
  });
});

function isGetAtt(part: unknown, attribute: string): boolean {
  const getAtt = (part as { 'Fn::GetAtt'?: unknown[] })?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[1] === attribute;
}
