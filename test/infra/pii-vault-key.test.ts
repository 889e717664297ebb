import { Match, type Template } from 'aws-cdk-lib/assertions';
import { PII_VAULT_ACTIONS } from '../../infra/constructs/pii-vault-key';
import {
  constructId,
  FUNCTIONS,
  type FunctionName,
} from '../../infra/function-catalogue';
import { buildTemplate, functionIdPattern, ProjectFixture } from './fixtures';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const fixture = new ProjectFixture();
let template: Template;

beforeAll(() => {
  template = buildTemplate(fixture);
});
afterAll(() => fixture.remove());

const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];
const VAULT_USERS = FUNCTION_NAMES.filter((n) => FUNCTIONS[n].usesPiiVault);

/** The vault key's resources, by logical id (the tables have a key too). */
const vaultKeys = () =>
  Object.entries(template.findResources('AWS::KMS::Key')).filter(([id]) =>
    /^PiiVaultKey[0-9A-F]{8}$/.test(id),
  );

function keyLogicalId(): string {
  const [entry] = vaultKeys();
  if (!entry) throw new Error('No PII vault key');
  return entry[0];
}

function environmentOf(name: FunctionName): Record<string, unknown> {
  const pattern = functionIdPattern(name);
  const entry = Object.entries(
    template.findResources('AWS::Lambda::Function'),
  ).find(([logicalId]) => pattern.test(logicalId));
  if (!entry) throw new Error(`No function resource for ${name}`);
  return entry[1].Properties.Environment.Variables;
}

function kmsStatementsOf(name: FunctionName): Statement[] {
  const role = `^Functions${constructId(name)}Role[0-9A-F]{8}$`;
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(role) }] },
  });
  return Object.values(policies)
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
    .filter((statement: Statement) =>
      [statement.Action].flat().some((a) => a.startsWith('kms:')),
    );
}

/** The KMS statements of a function that name the vault key. */
const vaultStatementsOf = (name: FunctionName) =>
  kmsStatementsOf(name).filter(
    (statement) =>
      JSON.stringify(statement.Resource) ===
      JSON.stringify({ 'Fn::GetAtt': [keyLogicalId(), 'Arn'] }),
  );

describe('the PII vault key', () => {
  it('is one KMS key with rotation, retained when the stack goes', () => {
    // Act
    const keys = vaultKeys();

    // Assess
    expect(keys).toHaveLength(1);
    expect(keys[0]?.[1]).toMatchObject({
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('is used by act, respond, handoff, deliver and close', () => {
    // Assess
    expect([...VAULT_USERS].sort()).toEqual(
      ['act', 'close', 'deliver', 'handoff', 'respond'].sort(),
    );
  });

  it.each(VAULT_USERS)(
    'gives %s PII_KEY_ID and data-key calls for one conversation',
    (name) => {
      // Act
      const env = environmentOf(name);
      const statements = vaultStatementsOf(name);

      // Assess
      expect(env.PII_KEY_ID).toEqual({
        'Fn::GetAtt': [keyLogicalId(), 'Arn'],
      });
      expect(statements).toEqual([
        {
          Effect: 'Allow',
          Action: PII_VAULT_ACTIONS,
          Resource: { 'Fn::GetAtt': [keyLogicalId(), 'Arn'] },
          Condition: {
            'ForAllValues:StringEquals': {
              'kms:EncryptionContextKeys': ['tenantId', 'conversationId'],
            },
            Null: {
              'kms:EncryptionContext:tenantId': 'false',
              'kms:EncryptionContext:conversationId': 'false',
            },
          },
        },
      ]);
    },
  );

  it.each(FUNCTION_NAMES.filter((n) => !VAULT_USERS.includes(n)))(
    'gives %s neither the key id nor any KMS action',
    (name) => {
      // Assess
      expect(environmentOf(name).PII_KEY_ID).toBeUndefined();
      expect(kmsStatementsOf(name)).toEqual([]);
    },
  );
});
