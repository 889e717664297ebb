import { Match, type Template } from 'aws-cdk-lib/assertions';
import { CUSTOMER_REF_ACTIONS } from '../../infra/constructs/customer-ref-key';
import {
  constructId,
  FUNCTIONS,
  type FunctionName,
} from '../../infra/function-catalogue';
import { buildTemplate, functionIdPattern, ProjectFixture } from './fixtures';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}

const fixture = new ProjectFixture();
let template: Template;

beforeAll(() => {
  template = buildTemplate(fixture);
});
afterAll(() => fixture.remove());

const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];
const REF_MAKERS = FUNCTION_NAMES.filter(
  (name) => FUNCTIONS[name].makesCustomerRefs,
);

/** The customer-reference key's resources, by logical id. */
const refKeys = () =>
  Object.entries(template.findResources('AWS::KMS::Key')).filter(([id]) =>
    /^CustomerRefKey[0-9A-F]{8}$/.test(id),
  );

function keyArn(): unknown {
  const [entry] = refKeys();
  if (!entry) throw new Error('No customer reference key');
  return { 'Fn::GetAtt': [entry[0], 'Arn'] };
}

function environmentOf(name: FunctionName): Record<string, unknown> {
  const pattern = functionIdPattern(name);
  const entry = Object.entries(
    template.findResources('AWS::Lambda::Function'),
  ).find(([logicalId]) => pattern.test(logicalId));
  if (!entry) throw new Error(`No function resource for ${name}`);
  return entry[1].Properties.Environment.Variables;
}

function statementsOf(name: FunctionName): Statement[] {
  const role = `^Functions${constructId(name)}Role[0-9A-F]{8}$`;
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(role) }] },
  });
  return Object.values(policies).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement,
  );
}

/** Statements of a function that name the key or allow making a MAC. */
const macStatementsOf = (name: FunctionName) =>
  statementsOf(name).filter(
    (statement) =>
      JSON.stringify(statement.Resource).includes('CustomerRefKey') ||
      [statement.Action].flat().includes('kms:GenerateMac'),
  );

describe('the customer reference key', () => {
  it('is one retained HMAC_256 key for MACs, without rotation', () => {
    // Act
    const keys = refKeys();

    // Assess
    expect(keys).toHaveLength(1);
    expect(keys[0]?.[1]).toMatchObject({
      Properties: { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(keys[0]?.[1].Properties.EnableKeyRotation).toBeUndefined();
  });

  it('is used by close only', () => {
    // Assess
    expect(REF_MAKERS).toEqual(['close']);
  });

  it('gives close CUSTOMER_REF_KEY_ID and GenerateMac on the key only', () => {
    // Act
    const env = environmentOf('close');
    const statements = macStatementsOf('close');

    // Assess
    expect(env.CUSTOMER_REF_KEY_ID).toEqual(keyArn());
    expect(CUSTOMER_REF_ACTIONS).toEqual(['kms:GenerateMac']);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'kms:GenerateMac',
        Resource: keyArn(),
        Condition: {
          StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' },
        },
      },
    ]);
  });

  it.each(FUNCTION_NAMES.filter((name) => !REF_MAKERS.includes(name)))(
    'gives %s neither the key id nor any action on the key',
    (name) => {
      // Assess
      expect(environmentOf(name).CUSTOMER_REF_KEY_ID).toBeUndefined();
      expect(macStatementsOf(name)).toEqual([]);
    },
  );

  it('is named by no other IAM policy of the stack', () => {
    // Prepare
    const closeRole = new RegExp(
      `^Functions${constructId('close')}Role[0-9A-F]{8}$`,
    );

    // Act
    const others = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter(
        (policy) =>
          !policy.Properties.Roles.some((role: { Ref: string }) =>
            closeRole.test(role.Ref),
          ),
      )
      .filter((policy) =>
        JSON.stringify(policy.Properties.PolicyDocument).match(
          /CustomerRefKey|kms:GenerateMac/,
        ),
      );

    // Assess
    expect(others).toEqual([]);
  });
});
