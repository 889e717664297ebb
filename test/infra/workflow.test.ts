import { Match, type Template } from 'aws-cdk-lib/assertions';
import { ConflictError } from '../../functions/shared/errors';
import { RevisionConflictError } from '../../functions/shared/store/errors';
import { TABLES } from '../../schemas/tables';
import {
  conversationDefinitionText,
  substitutionKey,
  WORKFLOW_FUNCTIONS,
  type WorkflowFunction,
} from '../../workflows/definition';
import { buildTemplate, functionIdPattern, ProjectFixture } from './fixtures';

const fixture = new ProjectFixture();
let template: Template;

beforeAll(() => {
  template = buildTemplate(fixture);
});
afterAll(() => fixture.remove());

function stateMachine() {
  const machines = Object.values(
    template.findResources('AWS::StepFunctions::StateMachine'),
  );
  expect(machines).toHaveLength(1);
  return machines[0].Properties;
}

describe('conversation workflow', () => {
  it('deploys the definition text unchanged as a Standard state machine', () => {
    // Act
    const properties = stateMachine();

    // Assess
    expect(properties.DefinitionString).toBe(conversationDefinitionText());
    expect(properties).toMatchObject({
      StateMachineName: 'Frontline-Conversation',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('substitutes exactly one function ARN per workflow function', () => {
    // Prepare
    const names = Object.keys(WORKFLOW_FUNCTIONS) as WorkflowFunction[];

    // Act
    const substitutions = stateMachine().DefinitionSubstitutions;

    // Assess
    expect(Object.keys(substitutions).sort()).toEqual(
      names.map(substitutionKey).sort(),
    );
    for (const name of names) {
      const value = substitutions[substitutionKey(name)];
      expect(value).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
      expect(value['Fn::GetAtt'][0]).toMatch(
        functionIdPattern(WORKFLOW_FUNCTIONS[name]),
      );
    }
  });

  it('leaves no placeholder without a substitution', () => {
    // Prepare
    const placeholders = [
      ...conversationDefinitionText().matchAll(/\$\{([A-Za-z0-9_]+)\}/g),
    ].map((match) => match[1]);

    // Act
    const substitutions = stateMachine().DefinitionSubstitutions;

    // Assess
    expect(new Set(placeholders)).toEqual(new Set(Object.keys(substitutions)));
  });

  it('publishes a version of the current revision with the live alias on it', () => {
    // Assess
    template.hasResourceProperties('AWS::StepFunctions::StateMachineVersion', {
      StateMachineArn: { Ref: Match.stringLikeRegexp('^WorkflowStateMachine') },
      StateMachineRevisionId: {
        'Fn::GetAtt': [
          Match.stringLikeRegexp('^WorkflowStateMachine'),
          'StateMachineRevisionId',
        ],
      },
      Description: Match.stringLikeRegexp('^Definition sha256 [0-9a-f]{16}$'),
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachineAlias', {
      Name: 'live',
      RoutingConfiguration: [
        {
          StateMachineVersionArn: {
            'Fn::GetAtt': [Match.stringLikeRegexp('^WorkflowVersion'), 'Arn'],
          },
          Weight: 100,
        },
      ],
    });
  });

  it('lets the workflow invoke exactly its functions and restart itself', () => {
    // Prepare
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: {
        Roles: [{ Ref: Match.stringLikeRegexp('^WorkflowRole') }],
      },
    });
    const [policy] = Object.values(policies);

    // Act
    const statements: { Action: unknown; Resource: unknown }[] =
      policy.Properties.PolicyDocument.Statement;
    const invoke = statements.find((s) => s.Action === 'lambda:InvokeFunction');
    const start = statements.find((s) => s.Action === 'states:StartExecution');

    // Assess
    const invokedArns = (invoke?.Resource ?? []) as {
      'Fn::GetAtt': string[];
    }[];
    const invoked = invokedArns.map((arn) => arn['Fn::GetAtt'][0]);
    expect(invoked).toHaveLength(Object.keys(WORKFLOW_FUNCTIONS).length);
    for (const folder of Object.values(WORKFLOW_FUNCTIONS)) {
      expect(invoked).toContainEqual(
        expect.stringMatching(functionIdPattern(folder)),
      );
    }
    expect(JSON.stringify(start?.Resource)).toContain(
      ':stateMachine:Frontline-Conversation"',
    );
    expect(JSON.stringify(start?.Resource)).toContain(
      ':stateMachine:Frontline-Conversation:live"',
    );
  });

  it('retries act on a revision conflict, never on a reused idempotency key', () => {
    // Prepare
    const conflict = new RevisionConflictError('The order changed');
    const reused = new ConflictError('The idempotency key was already used');

    // Act
    const { States } = JSON.parse(stateMachine().DefinitionString);

    // Assess
    expect(States.Act.Retry).toEqual([
      {
        ErrorEquals: [
          'Lambda.ServiceException',
          'Lambda.AWSLambdaException',
          'Lambda.SdkClientException',
          'Lambda.TooManyRequestsException',
          'TransientError',
          conflict.name,
        ],
        IntervalSeconds: 1,
        MaxAttempts: 3,
        BackoffRate: 2,
        JitterStrategy: 'FULL',
      },
    ]);
    expect(States.Act.Retry[0].ErrorEquals).not.toContain(reused.name);
  });

  it('keeps execution logs under /aws/vendedlogs with the retention', () => {
    // Assess
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/Frontline-Conversation',
      RetentionInDays: 30,
    });
  });
});

describe('outputs', () => {
  it('exports the API URL, alias ARN, bus and table names', () => {
    // Act
    const outputs = Object.keys(template.findOutputs('*'));

    // Assess
    expect(outputs.sort()).toEqual(
      [
        'ApiUrl',
        'ConversationAliasArn',
        'EventBusName',
        ...Object.values(TABLES).map((spec) => `${spec.name}TableName`),
      ].sort(),
    );
    template.hasOutput('ConversationAliasArn', {
      Value: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^WorkflowLiveAlias'), 'Arn'],
      },
    });
  });

  it('names the event bus after the stack', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::EventBus', {
      Name: 'frontline',
    });
  });
});
