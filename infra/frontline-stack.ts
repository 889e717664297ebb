import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { TABLES } from '../schemas/tables';
import type { TenantConfig } from '../schemas/tenant-config';
import { FrontlineAlarms } from './constructs/alarms';
import { ChatApi } from './constructs/chat-api';
import { ConversationFunctions } from './constructs/conversation-functions';
import { ConversationWorkflow } from './constructs/conversation-workflow';
import { CustomerRefKey } from './constructs/customer-ref-key';
import { TenantGuardrails } from './constructs/guardrails';
import { PiiVaultKey } from './constructs/pii-vault-key';
import { FrontlineTables } from './constructs/tables';
import {
  type TenantAssetSource,
  TenantAssets,
} from './constructs/tenant-assets';
import { TenantConfigSeed } from './constructs/tenant-config-seed';
import { grantEmbeddingModels } from './embedding-models';
import {
  constructId,
  FUNCTIONS,
  type FunctionName,
  type TableKey,
} from './function-catalogue';
import { grantTenantTools } from './tenant-tools';

export interface FrontlineStackProps extends StackProps {
  /** Model or inference-profile id used when a tenant names none. */
  readonly bedrockModelId: string;
  /**
   * Tenant configurations to write into the Tenants table.
   * @default - none
   */
  readonly tenants?: readonly TenantConfig[];
  /**
   * Tenants whose intent classifier is trained and knowledge indexed at
   * deploy time, from the files beside their configuration.
   * @default - none
   */
  readonly tenantAssets?: readonly TenantAssetSource[];
  /**
   * Lower-case hex SHA-256 of a shared agent token, valid for every tenant.
   * @default - only agents' own tokens (`npm run agents`) pass
   */
  readonly agentTokenSha256?: string;
  /**
   * Retention of every log group, in days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Address notified when an alarm fires.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Browser origins allowed to call the chat API.
   * @default - none
   */
  readonly chatAllowedOrigins?: readonly string[];
  /**
   * What happens to tables, keys and log groups when they leave the stack.
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
 * Frontline on AWS: tables, the step functions and the HTTP API's
 * functions, the tenants' guardrails on every model call, the KMS key of
 * the conversations' PII vaults, the KMS HMAC key of customer references,
 * the conversation workflow, the event bus, alarms, and the tenants'
 * configuration.
 */
export class FrontlineStack extends Stack {
  readonly tables: FrontlineTables;
  readonly functions: ConversationFunctions;
  readonly guardrails: TenantGuardrails;
  /** The KMS key of the conversations' PII vaults. */
  readonly piiVaultKey: PiiVaultKey;
  /** The KMS HMAC key of the customer references analytics sees. */
  readonly customerRefKey: CustomerRefKey;
  readonly workflow: ConversationWorkflow;
  readonly api: ChatApi;
  readonly eventBus: events.EventBus;

  constructor(scope: Construct, id: string, props: FrontlineStackProps) {
    super(scope, id, props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetentionDays = props.logRetentionDays ?? 30;
    const tenants = props.tenants ?? [];
    const stateMachineName = `${this.stackName}-Conversation`;
    const arns = ConversationWorkflow.arnsFor(this, stateMachineName);

    this.tables = new FrontlineTables(this, 'Tables', { removalPolicy });
    this.eventBus = new events.EventBus(this, 'EventBus', {
      eventBusName: this.stackName.toLowerCase(),
    });
    this.functions = new ConversationFunctions(this, 'Functions', {
      tables: this.tables,
      eventBus: this.eventBus,
      stateMachineArn: arns.stateMachineArn,
      stateMachineAliasArn: arns.aliasArn,
      bedrockModelId: props.bedrockModelId,
      additionalBedrockModelIds: tenantModels(tenants),
      agentTokenSha256: props.agentTokenSha256,
      logRetentionDays,
      removalPolicy,
      projectRoot: props.projectRoot,
    });
    grantTenantTools(this.functions.functions.act, tenants);
    grantEmbeddingModels(this.functions.functions.retrieve, tenants);
    this.guardrails = new TenantGuardrails(this, 'Guardrails', { tenants });
    this.piiVaultKey = new PiiVaultKey(this, 'PiiVault');
    this.customerRefKey = new CustomerRefKey(this, 'CustomerRef');
    for (const [name, fn] of Object.entries(this.functions.functions)) {
      const spec = FUNCTIONS[name as FunctionName];
      if (spec.invokesModel) this.guardrails.grantApply(fn);
      if (spec.usesPiiVault) this.piiVaultKey.grantVault(fn);
      if (spec.makesCustomerRefs) this.customerRefKey.grantCustomerRefs(fn);
    }
    this.workflow = new ConversationWorkflow(this, 'Workflow', {
      stateMachineName,
      functions: this.functions.workflowFunctions(),
      logRetentionDays,
      removalPolicy,
    });
    this.api = new ChatApi(this, 'ChatApi', {
      chatInbound: this.functions.functions['chat-inbound'],
      agentApi: this.functions.functions['agent-api'],
      allowedOrigins: props.chatAllowedOrigins,
      logRetentionDays,
      removalPolicy,
    });
    new FrontlineAlarms(this, 'Alarms', {
      stateMachine: this.workflow.stateMachine,
      deadLetterQueue: this.functions.deadLetterQueue,
      functions: functionsById(this.functions),
      alarmEmail: props.alarmEmail,
      removalPolicy,
    });
    const configs = new TenantConfigSeed(this, 'TenantConfigs', {
      table: this.tables.tables.tenants,
      tenants,
      guardrails: this.guardrails.refs,
      logRetentionDays,
      removalPolicy,
    });
    new TenantAssets(this, 'TenantAssets', {
      tables: this.tables,
      tenants: props.tenantAssets ?? [],
      after: configs,
      logRetentionDays,
      removalPolicy,
      projectRoot: props.projectRoot,
    });

    this.addOutputs();
  }

  private addOutputs(): void {
    new CfnOutput(this, 'ApiUrl', {
      description: 'Base URL of the chat and agent API',
      value: this.api.url,
    });
    new CfnOutput(this, 'ConversationAliasArn', {
      description: 'State machine alias where conversations start',
      value: this.workflow.aliasArn,
    });
    new CfnOutput(this, 'EventBusName', {
      description: 'Bus of conversation events',
      value: this.eventBus.eventBusName,
    });
    for (const [key, spec] of Object.entries(TABLES)) {
      new CfnOutput(this, `${spec.name}TableName`, {
        description: `Name of the ${spec.name} table (${spec.envVar})`,
        value: this.tables.tables[key as TableKey].tableName,
      });
    }
  }
}

function tenantModels(tenants: readonly TenantConfig[]): string[] {
  return tenants.flatMap((tenant) => (tenant.modelId ? [tenant.modelId] : []));
}

function functionsById(functions: ConversationFunctions) {
  return Object.fromEntries(
    Object.entries(functions.functions).map(([name, fn]) => [
      constructId(name as FunctionName),
      fn,
    ]),
  );
}
