import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { FrontlineAlarms } from '../../infra/constructs/alarms';
import { ChatApi, type ChatApiProps } from '../../infra/constructs/chat-api';
import { ConversationFunctions } from '../../infra/constructs/conversation-functions';
import { ConversationWorkflow } from '../../infra/constructs/conversation-workflow';
import { FrontlineTables } from '../../infra/constructs/tables';
import { TenantConfigSeed } from '../../infra/constructs/tenant-config-seed';
import { TenantConfigSchema } from '../../schemas/tenant-config';
import {
  WORKFLOW_FUNCTIONS,
  type WorkflowFunction,
} from '../../workflows/definition';
import { ProjectFixture, VALID_TENANT } from './fixtures';

const inlineFunction = (stack: Stack, id: string) =>
  new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });

describe('construct props', () => {
  it.each<[string, Partial<ChatApiProps>, RegExp]>([
    [
      'throttleRatePerSecond',
      { throttleRatePerSecond: 0 },
      /^throttleRatePerSecond/,
    ],
    [
      'throttleBurstRequests',
      { throttleBurstRequests: 1.5 },
      /^throttleBurstRequests/,
    ],
    ['allowedOrigins', { allowedOrigins: ['*'] }, /^allowedOrigins/],
  ])('rejects a bad ChatApi %s', (_prop, props, message) => {
    // Prepare
    const stack = new Stack();

    // Act
    const create = () =>
      new ChatApi(stack, 'Api', {
        chatInbound: inlineFunction(stack, 'Chat'),
        agentApi: inlineFunction(stack, 'Agent'),
        ...props,
      });

    // Assess
    expect(create).toThrow(message);
  });

  it('rejects a state machine name Step Functions would refuse', () => {
    // Prepare
    const stack = new Stack();
    const names = Object.keys(WORKFLOW_FUNCTIONS) as WorkflowFunction[];
    const functions = {} as Record<WorkflowFunction, lambda.IFunction>;
    for (const name of names) functions[name] = inlineFunction(stack, name);

    // Act
    const create = () =>
      new ConversationWorkflow(stack, 'Workflow', {
        stateMachineName: 'has space',
        functions,
      });

    // Assess
    expect(create).toThrow(/^stateMachineName must be/);
  });

  it.each([
    ['alarmEmail', { alarmEmail: 'ops' }, /^alarmEmail/],
    ['periodMinutes', { periodMinutes: 0 }, /^periodMinutes/],
  ])('rejects a bad FrontlineAlarms %s', (_prop, props, message) => {
    // Prepare
    const stack = new Stack();

    // Act
    const create = () =>
      new FrontlineAlarms(stack, 'Alarms', {
        stateMachine: {} as never,
        deadLetterQueue: new sqs.Queue(stack, 'Dlq'),
        functions: {},
        ...props,
      });

    // Assess
    expect(create).toThrow(message);
  });

  it('rejects a tenant listed twice', () => {
    // Prepare
    const stack = new Stack();
    const tenant = TenantConfigSchema.parse(VALID_TENANT);

    // Act
    const create = () =>
      new TenantConfigSeed(stack, 'Seed', {
        table: new FrontlineTables(stack, 'Tables').tables.tenants,
        tenants: [tenant, tenant],
      });

    // Assess
    expect(create).toThrow('tenants lists tenantId "demo" more than once');
  });

  it.each([
    [
      'a project root without a lock file',
      { projectRoot: '/nonexistent' },
      /^projectRoot \/nonexistent has no package-lock/,
    ],
    [
      'a retention CloudWatch does not offer',
      { logRetentionDays: 31 },
      /^logRetentionDays must be a CloudWatch Logs retention period/,
    ],
    [
      'an agent token hash in upper case',
      { agentTokenSha256: 'A'.repeat(64) },
      /^agentTokenSha256/,
    ],
  ])('rejects %s for ConversationFunctions', (_label, props, message) => {
    // Prepare
    const stack = new Stack();
    const fixture = new ProjectFixture();

    // Act
    const create = () =>
      new ConversationFunctions(stack, 'Functions', {
        tables: new FrontlineTables(stack, 'Tables'),
        eventBus: new events.EventBus(stack, 'Bus'),
        stateMachineArn: 'arn:aws:states:us-east-1:1:stateMachine:x',
        stateMachineAliasArn: 'arn:aws:states:us-east-1:1:stateMachine:x:live',
        bedrockModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
        projectRoot: fixture.root,
        ...props,
      });

    // Assess
    expect(create).toThrow(message);
    fixture.remove();
  });
});
