import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AGENT_TOKEN_DISABLED } from '../../infra/constructs/conversation-functions';
import { FrontlineTables } from '../../infra/constructs/tables';
import { FUNCTIONS, type FunctionName } from '../../infra/function-catalogue';
import { TABLES } from '../../schemas/tables';
import {
  AGENT_TOKEN_SHA256,
  buildApp,
  buildTemplate,
  functionIdPattern,
  ProjectFixture,
} from './fixtures';

const fixture = new ProjectFixture();
let template: Template;

beforeAll(() => {
  template = buildTemplate(fixture);
});
afterAll(() => fixture.remove());

const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];
const STATE_MACHINE_USERS: FunctionName[] = [
  'chat-inbound',
  'agent-api',
  'close',
];

/** The function's resource, found by its logical id. */
function functionResource(template: Template, name: FunctionName) {
  const pattern = functionIdPattern(name);
  const entry = Object.entries(
    template.findResources('AWS::Lambda::Function'),
  ).find(([logicalId]) => pattern.test(logicalId));
  if (!entry) throw new Error(`No function resource for ${name}`);
  return { logicalId: entry[0], properties: entry[1].Properties };
}

describe('tables', () => {
  it.each(Object.values(TABLES))(
    'creates $name with its keys, on demand, with PITR, KMS and RETAIN',
    (spec) => {
      // Assess
      template.hasResource('AWS::DynamoDB::Table', {
        Properties: Match.objectLike({
          KeySchema: [
            { AttributeName: spec.partitionKey, KeyType: 'HASH' },
            ...('sortKey' in spec
              ? [{ AttributeName: spec.sortKey, KeyType: 'RANGE' }]
              : []),
          ],
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: {
            PointInTimeRecoveryEnabled: true,
          },
          SSESpecification: { SSEEnabled: true },
          DeletionProtectionEnabled: true,
          TimeToLiveSpecification:
            'ttlAttribute' in spec
              ? { AttributeName: spec.ttlAttribute, Enabled: true }
              : Match.absent(),
          GlobalSecondaryIndexes:
            spec.globalIndexes.length > 0
              ? spec.globalIndexes.map((index) => ({
                  IndexName: index.name,
                  KeySchema: [
                    { AttributeName: index.partitionKey, KeyType: 'HASH' },
                    { AttributeName: index.sortKey, KeyType: 'RANGE' },
                  ],
                  Projection: { ProjectionType: 'ALL' },
                }))
              : Match.absent(),
        }),
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    },
  );

  it('creates exactly one table per spec', () => {
    // Assess
    template.resourceCountIs(
      'AWS::DynamoDB::Table',
      Object.keys(TABLES).length,
    );
  });

  it('applies the removalPolicy prop', () => {
    // Prepare
    const stack = new Stack();

    // Act
    new FrontlineTables(stack, 'Tables', {
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Assess
    const tables = Template.fromStack(stack).findResources(
      'AWS::DynamoDB::Table',
    );
    expect(Object.values(tables)).toEqual(
      Object.keys(TABLES).map(() =>
        expect.objectContaining({ DeletionPolicy: 'Delete' }),
      ),
    );
  });
});

describe('functions', () => {
  it('creates one function per catalogue entry, plus the seeding provider', () => {
    // Assess
    template.resourceCountIs(
      'AWS::Lambda::Function',
      FUNCTION_NAMES.length + 1,
    );
  });

  it.each(FUNCTION_NAMES)(
    'runs %s on arm64 nodejs22.x with tracing, a DLQ and its log group',
    (name) => {
      // Prepare
      const spec = FUNCTIONS[name];

      // Act
      const { properties } = functionResource(template, name);

      // Assess
      expect(properties).toMatchObject({
        Architectures: ['arm64'],
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
        TracingConfig: { Mode: 'Active' },
        DeadLetterConfig: {
          TargetArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
        },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
      const logGroupId = properties.LoggingConfig.LogGroup.Ref;
      expect(template.toJSON().Resources[logGroupId]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 30 },
      });
    },
  );

  it.each([
    ['respond', 1024, 90],
    ['understand', 512, 20],
  ] as const)('sizes %s at %i MiB and %i s', (name, memory, timeout) => {
    // Act
    const { properties } = functionResource(template, name);

    // Assess
    expect(properties).toMatchObject({ MemorySize: memory, Timeout: timeout });
  });

  it('shares one encrypted, TLS-only dead-letter queue', () => {
    // Assess
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it.each(FUNCTION_NAMES)('gives %s the shared environment', (name) => {
    // Act
    const env = functionResource(template, name).properties.Environment
      .Variables;

    // Assess
    expect(env).toMatchObject({
      CONVERSATIONS_TABLE: { Ref: expect.stringMatching(/^TablesConv/) },
      TENANTS_TABLE: { Ref: expect.stringMatching(/^TablesTenants/) },
      STORE_TABLE: { Ref: expect.stringMatching(/^TablesStore/) },
      IDEMPOTENCY_TABLE: { Ref: expect.stringMatching(/^TablesIdem/) },
      EVENT_BUS_NAME: { Ref: expect.stringMatching(/^EventBus/) },
      BEDROCK_MODEL_ID: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      POWERTOOLS_SERVICE_NAME: name,
      POWERTOOLS_METRICS_NAMESPACE: 'Frontline',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it.each(FUNCTION_NAMES)(
    'hands %s the alias ARN only if it starts or reads executions',
    (name) => {
      // Act
      const env = functionResource(template, name).properties.Environment
        .Variables;

      // Assess
      if (STATE_MACHINE_USERS.includes(name)) {
        expect(JSON.stringify(env.CONVERSATION_STATE_MACHINE_ARN)).toContain(
          ':stateMachine:Frontline-Conversation:live',
        );
      } else {
        expect(env.CONVERSATION_STATE_MACHINE_ARN).toBeUndefined();
      }
    },
  );

  it('hands agent-api the token hash, and nobody else', () => {
    // Act
    const tokens = FUNCTION_NAMES.filter(
      (name) =>
        functionResource(template, name).properties.Environment.Variables
          .AGENT_TOKEN_SHA256 !== undefined,
    );

    // Assess
    expect(tokens).toEqual(['agent-api']);
    expect(
      functionResource(template, 'agent-api').properties.Environment.Variables
        .AGENT_TOKEN_SHA256,
    ).toBe(AGENT_TOKEN_SHA256);
  });

  it('closes the agent API when no token hash is configured', () => {
    // Act
    const closed = Template.fromStack(
      buildApp(fixture, {
        context: { 'frontline:agentTokenSha256': '' },
      }).stack,
    );

    // Assess
    expect(
      functionResource(closed, 'agent-api').properties.Environment.Variables
        .AGENT_TOKEN_SHA256,
    ).toBe(AGENT_TOKEN_DISABLED);
  });

  it('fails naming the missing handler file', () => {
    // Prepare
    const partial = new ProjectFixture();
    partial.delete('functions/act/handler.ts');

    // Act
    const act = () => buildApp(partial);

    // Assess
    expect(act).toThrow(
      /Function act has no handler: expected \S*functions\/act\/handler\.ts/,
    );
    partial.remove();
  });
});
