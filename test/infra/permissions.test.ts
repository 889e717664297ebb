import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  constructId,
  FUNCTIONS,
  type FunctionName,
} from '../../infra/function-catalogue';
import {
  buildApp,
  buildTemplate,
  ProjectFixture,
  VALID_TENANT,
} from './fixtures';

interface Statement {
  readonly Effect: string;
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
const actionsOf = (statement: Statement) =>
  typeof statement.Action === 'string' ? [statement.Action] : statement.Action;

/** Every statement of the policies attached to a function's role. */
function statementsOf(template: Template, name: FunctionName): Statement[] {
  const role = new RegExp(`^Functions${constructId(name)}Role[0-9A-F]{8}$`);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(role.source) }] },
  });
  return Object.values(policies).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement,
  );
}

/** Actions a function may take on the table with the given logical name. */
function tableActions(name: FunctionName, table: string): string[] {
  return statementsOf(template, name)
    .filter((statement) =>
      JSON.stringify(statement.Resource).includes(`"Tables${table}`),
    )
    .flatMap(actionsOf)
    .sort();
}

const READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const READ_WRITE = [
  ...READ,
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
].sort();

describe('permissions', () => {
  it('grants no action with a wildcard in any IAM policy', () => {
    // Prepare
    const resources = template.toJSON().Resources as Record<
      string,
      { Type: string; Properties: Record<string, never> }
    >;

    // Act
    const documents = Object.values(resources).flatMap((resource) => {
      if (resource.Type === 'AWS::IAM::Policy') {
        return [resource.Properties.PolicyDocument];
      }
      if (resource.Type === 'AWS::IAM::Role') {
        const inline: { PolicyDocument: unknown }[] =
          resource.Properties.Policies ?? [];
        return inline.map((policy) => policy.PolicyDocument);
      }
      return [];
    }) as { Statement: Statement[] }[];
    const wildcards = documents
      .flatMap((document) => document.Statement)
      .flatMap(actionsOf)
      .filter((action) => action.includes('*'));

    // Assess
    expect(documents.length).toBeGreaterThan(FUNCTION_NAMES.length);
    expect(wildcards).toEqual([]);
  });

  it.each(FUNCTION_NAMES)(
    'lets %s read and write conversations and read tenants',
    (name) => {
      // Assess
      expect(tableActions(name, 'Conversations')).toEqual(READ_WRITE);
      expect(tableActions(name, 'Tenants')).toEqual(READ);
    },
  );

  it.each(FUNCTION_NAMES)('limits %s to its own extra tables', (name) => {
    // Prepare
    const spec = FUNCTIONS[name];

    // Act
    const store = tableActions(name, 'Store');
    const idempotency = tableActions(name, 'Idempotency');

    // Assess
    const access = spec.tables.store;
    expect(store).toEqual(
      access === 'readWrite' ? READ_WRITE : access ? READ : [],
    );
    expect(idempotency).toEqual(spec.tables.idempotency ? READ_WRITE : []);
  });

  it.each([
    ['close', true],
    ['respond', false],
    ['act', false],
  ] as const)('lets %s use idempotency records: %s', (name, expected) => {
    // Act
    const actions = tableActions(name, 'Idempotency');

    // Assess
    expect(actions).toEqual(expected ? READ_WRITE : []);
  });

  it('reaches the conversations index and no other', () => {
    // Act
    const resources = JSON.stringify(statementsOf(template, 'agent-api'));

    // Assess
    expect(resources).toContain('/index/gsi1');
    expect(resources).not.toContain('/index/*');
  });

  it.each(FUNCTION_NAMES)('grants %s only the actions it needs', (name) => {
    // Prepare
    const spec = FUNCTIONS[name];

    // Act
    const actions = new Set(statementsOf(template, name).flatMap(actionsOf));

    // Assess
    expect(actions.has('states:SendTaskSuccess')).toBe(!!spec.completesTasks);
    expect(actions.has('states:SendTaskHeartbeat')).toBe(!!spec.completesTasks);
    expect(actions.has('states:StartExecution')).toBe(!!spec.startsExecutions);
    expect(actions.has('bedrock:InvokeModel')).toBe(!!spec.invokesModel);
    expect(actions.has('events:PutEvents')).toBe(!!spec.publishesEvents);
    expect(actions.has('kms:GenerateMac')).toBe(!!spec.makesCustomerRefs);
    expect(actions.has('logs:PutLogEvents')).toBe(true);
    expect(actions.has('sqs:SendMessage')).toBe(true);
  });

  it.each([
    ['chat-inbound', true],
    ['deliver', true],
    ['await-customer', true],
    ['agent-api', true],
    ['handoff', false],
    ['respond', false],
  ] as const)('lets %s complete task tokens: %s', (name, expected) => {
    // Act
    const statement = statementsOf(template, name).find((s) =>
      actionsOf(s).includes('states:SendTaskSuccess'),
    );

    // Assess
    if (expected) {
      expect(statement).toEqual({
        Effect: 'Allow',
        Action: [
          'states:SendTaskSuccess',
          'states:SendTaskFailure',
          'states:SendTaskHeartbeat',
        ],
        Resource: '*',
      });
    } else {
      expect(statement).toBeUndefined();
    }
  });

  it('starts executions on the state machine and its alias only', () => {
    // Act
    const statement = statementsOf(template, 'close').find((s) =>
      actionsOf(s).includes('states:StartExecution'),
    );

    // Assess
    const resources = JSON.stringify(statement?.Resource);
    expect(statement?.Resource).toHaveLength(2);
    expect(resources).toContain(':stateMachine:Frontline-Conversation"');
    expect(resources).toContain(':stateMachine:Frontline-Conversation:live"');
  });

  it('invokes the configured inference profile and its foundation model', () => {
    // Act
    const statement = statementsOf(template, 'respond').find((s) =>
      actionsOf(s).includes('bedrock:InvokeModel'),
    );

    // Assess
    const resources = JSON.stringify(statement?.Resource);
    expect(statement?.Action).toBe('bedrock:InvokeModel');
    expect(resources).toContain(
      ':inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0',
    );
    expect(resources).toContain(
      ':bedrock:*::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0',
    );
  });

  it('also grants the models tenants choose', () => {
    // Prepare
    const local = new ProjectFixture({
      'tenants/demo/tenant.json': {
        ...VALID_TENANT,
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      },
    });

    // Act
    const withTenantModel = Template.fromStack(buildApp(local).stack);
    local.remove();

    // Assess
    const resources = JSON.stringify(statementsOf(withTenantModel, 'respond'));
    expect(resources).toContain(
      ':foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
    );
    expect(resources).toContain(
      ':inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0',
    );
  });

  it('publishes events on the Frontline bus only', () => {
    // Act
    const statement = statementsOf(template, 'close').find((s) =>
      actionsOf(s).includes('events:PutEvents'),
    );

    // Assess
    expect(statement?.Resource).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^EventBus/), 'Arn'],
    });
  });
});
