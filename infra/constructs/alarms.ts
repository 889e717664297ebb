import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ConfigurationError } from '../errors';

export interface FrontlineAlarmsProps {
  /** The conversation state machine. */
  readonly stateMachine: sfn.IStateMachine;
  /** The functions' dead-letter queue. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Functions whose errors raise an alarm, by a readable name. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /**
   * Address subscribed to the alarm topic.
   * @default - no subscription; subscribe to the topic yourself
   */
  readonly alarmEmail?: string;
  /**
   * Length of the window each alarm looks at, in minutes.
   * @default 5
   */
  readonly periodMinutes?: number;
  /**
   * What happens to the topic's key when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Execution outcomes that page someone: each means a lost conversation. */
const EXECUTION_FAILURES = [
  'ExecutionsFailed',
  'ExecutionsTimedOut',
  'ExecutionsAborted',
] as const;

/**
 * Alarms on anything that means a customer was left without an answer:
 * failed, timed-out or aborted executions, a message in the dead-letter
 * queue, and any function error. Each fires on one occurrence in the window
 * and notifies an encrypted SNS topic.
 */
export class FrontlineAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: readonly cloudwatch.Alarm[];

  private readonly period: Duration;

  constructor(scope: Construct, id: string, props: FrontlineAlarmsProps) {
    super(scope, id);
    validate(props);
    this.period = Duration.minutes(props.periodMinutes ?? 5);

    this.topic = this.createTopic(props);
    this.alarms = [
      ...EXECUTION_FAILURES.map((metricName) =>
        this.alarm(
          `Workflow${metricName}`,
          `Conversation workflow: ${metricName}`,
          props.stateMachine.metric(metricName, { statistic: 'Sum' }),
        ),
      ),
      this.alarm(
        'DeadLetterMessages',
        'A failed asynchronous invocation reached the dead-letter queue',
        props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
        }),
      ),
      ...Object.entries(props.functions).map(([name, fn]) =>
        this.alarm(
          `FunctionErrors${name}`,
          `Function ${name} failed`,
          fn.metricErrors({ statistic: 'Sum' }),
        ),
      ),
    ];
    const action = new SnsAction(this.topic);
    for (const alarm of this.alarms) alarm.addAlarmAction(action);
  }

  private alarm(
    id: string,
    description: string,
    metric: cloudwatch.Metric,
  ): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric: metric.with({ period: this.period }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator:
        cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * CloudWatch cannot publish to a topic under the AWS managed SNS key, so
   * the topic has its own key that lets CloudWatch encrypt messages.
   */
  private createTopic(props: FrontlineAlarmsProps): sns.Topic {
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts Frontline alarm notifications',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    const topic = new sns.Topic(this, 'Topic', {
      displayName: 'Frontline alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      topic.addSubscription(
        new subscriptions.EmailSubscription(props.alarmEmail),
      );
    }
    return topic;
  }
}

function validate(props: FrontlineAlarmsProps): void {
  const minutes = props.periodMinutes;
  if (minutes !== undefined && !(Number.isInteger(minutes) && minutes >= 1)) {
    throw new ConfigurationError(
      `periodMinutes must be a whole number of minutes; got ${minutes}`,
    );
  }
  const email = props.alarmEmail;
  if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new ConfigurationError(
      `alarmEmail must be an e-mail address; got ${JSON.stringify(email)}`,
    );
  }
}
