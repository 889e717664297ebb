import { createHash } from 'node:crypto';
import { ArnFormat, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  conversationDefinitionText,
  substitutionKey,
  WORKFLOW_FUNCTIONS,
  type WorkflowFunction,
} from '../../workflows/definition';
import { ConfigurationError } from '../errors';

export interface ConversationWorkflowProps {
  /**
   * Name of the state machine. Fixed, so that its ARN is known before it
   * exists: functions and the workflow itself refer to it without a cycle.
   */
  readonly stateMachineName: string;
  /** The Lambda functions of the definition, by substitution name. */
  readonly functions: Readonly<Record<WorkflowFunction, lambda.IFunction>>;
  /**
   * Retention of the execution log group, in days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * What happens to the execution log group when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** ARNs of the conversation state machine, known from its name alone. */
export interface ConversationArns {
  /** Unqualified state machine ARN (permissions are checked on it). */
  readonly stateMachineArn: string;
  /** ARN of the `live` alias, where executions start. */
  readonly aliasArn: string;
}

/** Name of the alias that routes new executions to the current version. */
export const LIVE_ALIAS = 'live';

const NAME = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * The conversation workflow: `workflows/conversation.asl.json` as a Standard
 * state machine with its function ARNs substituted, execution logging
 * without execution data (transcripts stay out of logs), X-Ray tracing, a
 * version published per definition revision, and the `live` alias on it.
 *
 * Executions started on the alias keep the version they started with, so a
 * deploy never changes the definition under a waiting conversation.
 */
export class ConversationWorkflow extends Construct {
  /** The ARNs of the state machine called `stateMachineName` in `scope`. */
  static arnsFor(scope: Construct, stateMachineName: string): ConversationArns {
    const stateMachineArn = Stack.of(scope).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    return { stateMachineArn, aliasArn: `${stateMachineArn}:${LIVE_ALIAS}` };
  }

  readonly stateMachine: sfn.StateMachine;
  readonly version: sfn.CfnStateMachineVersion;
  readonly alias: sfn.CfnStateMachineAlias;
  /** ARN of the `live` alias (a reference: use it outside the functions). */
  readonly aliasArn: string;

  constructor(scope: Construct, id: string, props: ConversationWorkflowProps) {
    super(scope, id);
    if (!NAME.test(props.stateMachineName)) {
      throw new ConfigurationError(
        'stateMachineName must be 1-80 letters, digits, "-" or "_"; got ' +
          JSON.stringify(props.stateMachineName),
      );
    }
    const definition = conversationDefinitionText();
    const arns = ConversationWorkflow.arnsFor(this, props.stateMachineName);

    const role = this.createRole(props.functions, arns);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(definition),
      definitionSubstitutions: substitutions(props.functions),
      role,
      tracingEnabled: true,
      logs: {
        destination: this.createLogGroup(props),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    this.version = new sfn.CfnStateMachineVersion(this, 'Version', {
      stateMachineArn: this.stateMachine.stateMachineArn,
      // A new revision replaces the version, which publishes a new one.
      stateMachineRevisionId: this.stateMachine.stateMachineRevisionId,
      description: `Definition sha256 ${sha256(definition).slice(0, 16)}`,
    });
    this.alias = new sfn.CfnStateMachineAlias(this, 'LiveAlias', {
      name: LIVE_ALIAS,
      description: 'Where new conversation executions start',
      routingConfiguration: [
        { stateMachineVersionArn: this.version.attrArn, weight: 100 },
      ],
    });
    this.aliasArn = this.alias.attrArn;
    acknowledgeServiceWildcards(role);
  }

  private createLogGroup(props: ConversationWorkflowProps): logs.LogGroup {
    // The /aws/vendedlogs/ prefix keeps the log resource policy small.
    return new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
      retention: props.logRetentionDays ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }

  /**
   * Invokes exactly the workflow's functions, and starts executions of
   * itself: ContinueAsNew starts the next segment on the ARN its own
   * execution was started with (the alias), carried in the input.
   */
  private createRole(
    functions: ConversationWorkflowProps['functions'],
    arns: ConversationArns,
  ): iam.Role {
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: 'Runs the Frontline conversation workflow',
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(functions).map((fn) => fn.functionArn),
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [arns.stateMachineArn, arns.aliasArn],
      }),
    );
    return role;
  }
}

function substitutions(
  functions: ConversationWorkflowProps['functions'],
): Record<string, string> {
  const names = Object.keys(WORKFLOW_FUNCTIONS) as WorkflowFunction[];
  return Object.fromEntries(
    names.map((name) => [substitutionKey(name), functions[name].functionArn]),
  );
}

function acknowledgeServiceWildcards(role: iam.Role): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'CloudWatch Logs delivery actions (logs:CreateLogDelivery and ' +
      'friends) and X-Ray trace writes have no resource-level permissions; ' +
      'Step Functions needs them on "*" to log and trace executions.',
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
