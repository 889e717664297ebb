import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  constructId,
  FUNCTIONS,
  type FunctionName,
} from '../../infra/function-catalogue';
import { tenantToolResources } from '../../infra/tenant-tools';
import {
  FUNCTION_ARN,
  httpTool,
  lambdaTool,
  SECRET_ARN,
} from '../tools/fixtures';
import { buildApp, ProjectFixture, VALID_TENANT } from './fixtures';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

const TOOL_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'lambda:InvokeFunction',
  'kms:Decrypt',
];
const SECRET_KEY =
  'arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab';
const OTHER_FUNCTIONS = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
  (name) => name !== 'act',
);
const OTHER_SECRET =
  'arn:aws:secretsmanager:us-east-1:111122223333:secret:other/key-Zz99Yy';

/** A tenant file declaring the given tools, all enabled. */
const tenantFile = (
  tenantId: string,
  custom: Record<string, unknown>[],
): Record<string, unknown> => ({
  ...VALID_TENANT,
  tenantId,
  tools: {
    enabled: custom.map((tool) => tool.name),
    custom,
    allowedHosts: ['api.acme.test'],
  },
});

/** Builds the stack over tenant files and returns its template. */
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

/** Whether a statement's decryption is only through Secrets Manager. */
const isViaSecretsManager = (s: Statement) =>
  JSON.stringify(s.Condition ?? {}).includes('"secretsmanager.');

/** The statements of a function's role that name a tool action. */
function toolStatements(t: Template, name: FunctionName): Statement[] {
  const role = new RegExp(`^Functions${constructId(name)}Role[0-9A-F]{8}$`);
  const policies = t.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(role.source) }] },
  });
  return Object.values(policies)
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
    .filter((s) => [s.Action].flat().some((a) => TOOL_ACTIONS.includes(a)))
    .filter(
      (s) =>
        ![s.Action].flat().includes('kms:Decrypt') || isViaSecretsManager(s),
    );
}

describe('grants for tenant tools', () => {
  let declared: Template;
  beforeAll(() => {
    declared = template({
      'tenants/demo/tenant.json': tenantFile('demo', [
        httpTool(),
        lambdaTool(),
      ]),
      'tenants/other/tenant.json': tenantFile('other', [
        httpTool({
          name: 'track_other',
          target: {
            ...httpTool().target,
            secretArn: OTHER_SECRET,
            secretKmsKeyArn: SECRET_KEY,
          },
        }),
        lambdaTool({ name: 'check_other' }),
      ]),
    });
  });

  it('lets act read exactly the declared secrets and invoke the functions', () => {
    // Assess
    expect(toolStatements(declared, 'act')).toEqual([
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: [SECRET_ARN, OTHER_SECRET].sort(),
      },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: SECRET_KEY,
        Condition: {
          StringEquals: {
            'kms:ViaService': {
              'Fn::Join': [
                '',
                ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com'],
              ],
            },
          },
        },
      },
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: FUNCTION_ARN,
      },
    ]);
  });

  it.each(OTHER_FUNCTIONS)('grants %s nothing of the tenant tools', (name) => {
    // Assess
    expect(toolStatements(declared, name)).toEqual([]);
  });

  it('grants nothing when no tenant declares a tool', () => {
    // Act
    const t = template({ 'tenants/demo/tenant.json': VALID_TENANT });

    // Assess
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      expect(toolStatements(t, name)).toEqual([]);
    }
  });

  it('fails synthesis naming the tool and keyword of a bad manifest', () => {
    // Prepare
    const bad = lambdaTool({
      input: {
        type: 'object',
        properties: { id: { type: 'string', oneOf: [] } },
      },
    });

    // Act & Assess
    expect(() =>
      template({ 'tenants/demo/tenant.json': tenantFile('demo', [bad]) }),
    ).toThrow(
      'Tenant config file tenants/demo/tenant.json is invalid: ' +
        'tools.custom.0.input.properties.id.oneOf: tool ' +
        "'check_stock': input.properties.id uses unsupported keyword 'oneOf'",
    );
  });
});

describe('tenantToolResources', () => {
  it('lists each secret and function once, without secretless tools', () => {
    // Prepare
    const tool = (overrides: Record<string, unknown>) =>
      ({ ...httpTool(), ...overrides }) as never;
    const tenants = [
      {
        tools: {
          custom: [
            tool({}),
            tool({ target: { type: 'http', url: 'https://x.test' } }),
            tool({ target: { type: 'lambda', functionArn: FUNCTION_ARN } }),
          ],
        },
      },
      { tools: { custom: [tool({})] } },
    ] as never[];

    // Act
    const resources = tenantToolResources(tenants);

    // Assess
    expect(resources).toEqual({
      secretArns: [SECRET_ARN],
      secretKeyArns: [],
      functionArns: [FUNCTION_ARN],
    });
  });
});
