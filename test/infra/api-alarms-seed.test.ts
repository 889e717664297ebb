import { Match, Template } from 'aws-cdk-lib/assertions';
import { HTTP_ROUTES, routeKey } from '../../functions/shared/routes';
import { ROUTES } from '../../infra/constructs/chat-api';
import { marshall } from '../../infra/constructs/tenant-config-seed';
import { FUNCTIONS } from '../../infra/function-catalogue';
import {
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

describe('chat and agent API', () => {
  it.each(ROUTES)('routes $method $path to $target', (route) => {
    // Prepare
    const folder =
      route.target === 'chatInbound' ? 'chat-inbound' : 'agent-api';
    const routes = template.findResources('AWS::ApiGatewayV2::Route', {
      Properties: { RouteKey: `${route.method} ${route.path}` },
    });

    // Act
    const [found] = Object.values(routes);
    const integrationId = found.Properties.Target['Fn::Join'][1][1].Ref;
    const integration = template.toJSON().Resources[integrationId];

    // Assess
    expect(Object.keys(routes)).toHaveLength(1);
    expect(integration.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    expect(integration.Properties.IntegrationUri['Fn::GetAtt'][0]).toMatch(
      functionIdPattern(folder),
    );
  });

  it('serves every route of the shared route table', () => {
    // Prepare
    const keys = Object.values(
      template.findResources('AWS::ApiGatewayV2::Route'),
    ).map((route) => route.Properties.RouteKey);

    // Assess
    expect(keys.sort()).toEqual(HTTP_ROUTES.map(routeKey).sort());
    expect(keys).toContain(
      'POST /tenants/{tenantId}/approvals/{approvalId}/decision',
    );
  });

  it('has no other routes', () => {
    // Assess
    template.resourceCountIs('AWS::ApiGatewayV2::Route', ROUTES.length);
  });

  it('logs access and throttles the default stage', () => {
    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: 50,
        ThrottlingBurstLimit: 100,
      },
      AccessLogSettings: {
        DestinationArn: {
          'Fn::GetAtt': [Match.stringLikeRegexp('^ChatApiAccessLogs'), 'Arn'],
        },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
  });

  it('allows no browser origin by default', () => {
    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.absent(),
    });
  });

  it('allows the configured chat origins', () => {
    // Act
    const withCors = Template.fromStack(
      buildApp(fixture, {
        context: {
          'frontline:chatAllowedOrigins': 'https://chat.example.com',
        },
      }).stack,
    );

    // Assess
    withCors.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ['https://chat.example.com'],
        AllowHeaders: ['authorization', 'content-type'],
      }),
    });
  });
});

describe('alarms', () => {
  it.each(['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'])(
    'alarms on one %s in five minutes',
    (metricName) => {
      // Assess
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metricName,
        Dimensions: [
          {
            Name: 'StateMachineArn',
            Value: { Ref: Match.stringLikeRegexp('^WorkflowStateMachine') },
          },
        ],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmsTopic') }],
      });
    },
  );

  it('alarms on a visible dead-letter message', () => {
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
  });

  it.each(Object.keys(FUNCTIONS))('alarms on any error of %s', (folder) => {
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [
        {
          Name: 'FunctionName',
          Value: {
            Ref: Match.stringLikeRegexp(functionIdPattern(folder).source),
          },
        },
      ],
      Threshold: 1,
    });
  });

  it('notifies a KMS-encrypted topic that CloudWatch can use', () => {
    // Assess
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmsTopicKey'), 'Arn'],
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          }),
        ]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('subscribes the alarm e-mail from the context', () => {
    // Act
    const withEmail = Template.fromStack(
      buildApp(fixture, {
        context: { 'frontline:alarmEmail': 'ops@example.com' },
      }).stack,
    );

    // Assess
    withEmail.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });
});

describe('tenant configuration seeding', () => {
  /** The seeding resource's SDK call, with the table name as TABLE. */
  function seedCall(property: 'Create' | 'Update') {
    const [seed] = Object.values(
      template.findResources('Custom::FrontlineTenantConfig'),
    );
    const parts: unknown[] = seed.Properties[property]['Fn::Join'][1];
    const text = parts
      .map((part) => (typeof part === 'string' ? part : 'TABLE'))
      .join('');
    return JSON.parse(text);
  }

  it('puts the parsed tenant config into the Tenants table', () => {
    // Act
    const call = seedCall('Create');

    // Assess
    expect(call).toMatchObject({
      service: 'DynamoDB',
      action: 'putItem',
      parameters: {
        TableName: 'TABLE',
        Item: {
          pk: { S: 'T#demo' },
          sk: { S: 'CONFIG' },
          config: { M: expect.objectContaining({ tenantId: { S: 'demo' } }) },
        },
      },
      physicalResourceId: { id: expect.stringMatching(/^demo-[0-9a-f]{16}$/) },
    });
    expect(call.parameters.Item.config.M.timeouts).toEqual({
      M: {
        idleTimeoutSeconds: { N: '900' },
        handoffTimeoutSeconds: { N: '3600' },
        handoffHeartbeatSeconds: { N: '900' },
        approvalTimeoutSeconds: { N: '3600' },
      },
    });
  });

  it('writes the same item on update', () => {
    // Assess
    expect(seedCall('Update')).toEqual(seedCall('Create'));
  });

  it('lets the seeding provider put items into the Tenants table only', () => {
    // Assess
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'dynamodb:PutItem',
            Effect: 'Allow',
            Resource: {
              'Fn::GetAtt': [Match.stringLikeRegexp('^TablesTenants'), 'Arn'],
            },
          },
        ],
      },
    });
  });

  it.each([
    ['a string', 'a', { S: 'a' }],
    ['a number', 0.5, { N: '0.5' }],
    ['a boolean', true, { BOOL: true }],
    ['null', null, { NULL: true }],
    ['a list', ['x', 1], { L: [{ S: 'x' }, { N: '1' }] }],
    [
      'a map without undefined fields',
      { a: 'x', b: undefined },
      { M: { a: { S: 'x' } } },
    ],
  ])('marshalls %s', (_label, value, expected) => {
    // Act
    const marshalled = marshall(value);

    // Assess
    expect(marshalled).toEqual(expected);
  });
});
