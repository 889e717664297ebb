import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TABLES } from '../../schemas/tables';
import {
  WORKFLOW_FUNCTIONS,
  type WorkflowFunction,
} from '../../workflows/definition';
import { grantInvokeModels } from '../bedrock';
import { ConfigurationError } from '../errors';
import {
  constructId,
  FUNCTIONS,
  type FunctionName,
  type FunctionSpec,
  type TableKey,
} from '../function-catalogue';
import { LOG_RETENTION_DAYS } from '../settings';
import type { FrontlineTables } from './tables';

export interface ConversationFunctionsProps {
  /** The tables the functions read and write. */
  readonly tables: FrontlineTables;
  /** The bus conversation events are published on. */
  readonly eventBus: events.IEventBus;
  /**
   * Unqualified ARN of the conversation state machine. Passed as text built
   * from its fixed name, so the functions do not depend on the state
   * machine that invokes them.
   */
  readonly stateMachineArn: string;
  /** ARN of the state machine's `live` alias, where executions start. */
  readonly stateMachineAliasArn: string;
  /** Model or inference-profile id used when a tenant names none. */
  readonly bedrockModelId: string;
  /**
   * Further model ids the functions may invoke (tenants' own choices).
   * @default - only `bedrockModelId`
   */
  readonly additionalBedrockModelIds?: readonly string[];
  /**
   * Lower-case hex SHA-256 of a shared agent token, valid for every tenant.
   * @default - only agents' own tokens pass
   */
  readonly agentTokenSha256?: string;
  /**
   * Retention of each function's log group, in days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * What happens to the log groups when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Directory holding `functions/` and `package-lock.json`.
   * @default process.cwd()
   */
  readonly projectRoot?: string;
}

/**
 * Value of AGENT_TOKEN_SHA256 without a shared token: agent-api then lets
 * only agents' own tokens through.
 */
export const AGENT_TOKEN_DISABLED = '';

const TASK_TOKEN_ACTIONS = [
  'states:SendTaskSuccess',
  'states:SendTaskFailure',
  'states:SendTaskHeartbeat',
];

/**
 * esbuild settings: one ESM file per function, SDK included.
 *
 * TODO(infra): importing a bundle costs 60-105 ms more than a bare
 * `node -e 0` on the idle 2-core build machine (`npm run bench --
 * bundles`), so respond, the largest, is at times just over the 100 ms
 * goal; with a test run beside it, 110-200 ms. Most of it is evaluating
 * the AWS SDK clients (about 60 ms for DynamoDB alone), then Powertools
 * tracer and metrics, zod and middy, roughly 15-20 ms each. Creating the
 * Bedrock, Step Functions and EventBridge clients on first use in the
 * functions that call them rarely, and trimming zod to `zod/mini` in the
 * handlers, would bring every bundle under it.
 */
export const BUNDLING: BundlingOptions = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  minify: true,
  sourceMap: true,
  target: 'node22',
  mainFields: ['module', 'main'],
  bundleAwsSDK: true,
  externalModules: [],
  banner:
    "import { createRequire } from 'module'; " +
    'const require = createRequire(import.meta.url);',
};

/**
 * One Node.js 22 arm64 Lambda function per entry of `FUNCTIONS`, each with
 * its own role, log group and X-Ray tracing, and a shared encrypted
 * dead-letter queue for failed asynchronous invocations.
 */
export class ConversationFunctions extends Construct {
  /** The functions, by folder name. */
  readonly functions: Readonly<Record<FunctionName, NodejsFunction>>;
  /** Dead-letter queue of failed asynchronous invocations. */
  readonly deadLetterQueue: sqs.Queue;

  private readonly props: ConversationFunctionsProps;
  private readonly projectRoot: string;

  constructor(scope: Construct, id: string, props: ConversationFunctionsProps) {
    super(scope, id);
    this.props = props;
    this.projectRoot = props.projectRoot ?? process.cwd();
    validate(props, this.projectRoot);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const entries = Object.entries(FUNCTIONS).map(([name, spec]) => [
      name,
      this.createFunction(name as FunctionName, spec),
    ]);
    this.functions = Object.fromEntries(entries) as Record<
      FunctionName,
      NodejsFunction
    >;

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Handlers are built and tested for Node.js 22 (nodejs22.x); moving ' +
        'to a newer runtime is a deliberate upgrade with its own test run.',
    });
  }

  /** The functions the workflow invokes, by substitution name. */
  workflowFunctions(): Record<WorkflowFunction, lambda.IFunction> {
    const entries = Object.entries(WORKFLOW_FUNCTIONS).map(([name, folder]) => [
      name,
      this.functions[folder],
    ]);
    return Object.fromEntries(entries) as Record<
      WorkflowFunction,
      lambda.IFunction
    >;
  }

  private createFunction(name: FunctionName, spec: FunctionSpec) {
    const id = constructId(name);
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: this.props.logRetentionDays ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: this.props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the Frontline ${name} function`,
    });
    const fn = new NodejsFunction(this, id, {
      entry: this.entry(name),
      projectRoot: this.projectRoot,
      depsLockFilePath: path.join(this.projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      deadLetterQueue: this.deadLetterQueue,
      environment: this.environment(name, spec),
      bundling: BUNDLING,
    });
    logGroup.grantWrite(role);
    this.grant(role, spec);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords and Step Functions ' +
        'SendTask* accept no resource-level permissions; they require "*".',
    });
    return fn;
  }

  private entry(name: FunctionName): string {
    const entry = path.join(this.projectRoot, 'functions', name, 'handler.ts');
    if (!existsSync(entry)) {
      throw new ConfigurationError(
        `Function ${name} has no handler: expected ${entry}. Every entry ` +
          'of FUNCTIONS in infra/function-catalogue.ts needs ' +
          'functions/<name>/handler.ts exporting `handler`.',
      );
    }
    return entry;
  }

  private environment(name: FunctionName, spec: FunctionSpec) {
    const props = this.props;
    const tableNames = Object.fromEntries(
      Object.entries(TABLES).map(([key, table]) => [
        table.envVar,
        props.tables.tables[key as TableKey].tableName,
      ]),
    );
    return {
      ...tableNames,
      EVENT_BUS_NAME: props.eventBus.eventBusName,
      BEDROCK_MODEL_ID: props.bedrockModelId,
      POWERTOOLS_SERVICE_NAME: name,
      POWERTOOLS_METRICS_NAMESPACE: 'Frontline',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
      ...(spec.startsExecutions || spec.knowsStateMachine
        ? { CONVERSATION_STATE_MACHINE_ARN: props.stateMachineAliasArn }
        : {}),
      ...(spec.checksAgentToken
        ? { AGENT_TOKEN_SHA256: props.agentTokenSha256 ?? AGENT_TOKEN_DISABLED }
        : {}),
    };
  }

  private grant(role: iam.IRole, spec: FunctionSpec): void {
    for (const [key, access] of Object.entries(spec.tables)) {
      this.props.tables.grant(role, key as TableKey, access);
    }
    if (spec.completesTasks) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: TASK_TOKEN_ACTIONS,
          resources: ['*'],
        }),
      );
    }
    if (spec.startsExecutions) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['states:StartExecution'],
          resources: [
            this.props.stateMachineArn,
            this.props.stateMachineAliasArn,
          ],
        }),
      );
    }
    if (spec.publishesEvents) {
      this.props.eventBus.grantPutEventsTo(role);
    }
    if (spec.invokesModel) {
      grantInvokeModels(role, [
        this.props.bedrockModelId,
        ...(this.props.additionalBedrockModelIds ?? []),
      ]);
    }
  }
}

function validate(props: ConversationFunctionsProps, projectRoot: string) {
  const lockFile = path.join(projectRoot, 'package-lock.json');
  if (!existsSync(lockFile)) {
    throw new ConfigurationError(
      `projectRoot ${projectRoot} has no package-lock.json; run the CDK app ` +
        'from the repository root or set projectRoot',
    );
  }
  const days = props.logRetentionDays;
  if (days !== undefined && !LOG_RETENTION_DAYS.includes(days)) {
    throw new ConfigurationError(
      `logRetentionDays must be a CloudWatch Logs retention period ` +
        `(${LOG_RETENTION_DAYS.join(', ')}); got ${days}`,
    );
  }
  if (
    props.agentTokenSha256 &&
    !/^[0-9a-f]{64}$/.test(props.agentTokenSha256)
  ) {
    throw new ConfigurationError(
      'agentTokenSha256 must be a lower-case hex SHA-256 (64 characters)',
    );
  }
}
