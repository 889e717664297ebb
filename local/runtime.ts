import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import './engine/polyfill';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clearTenantCache } from '../functions/shared/tenants';
import {
  GUARDRAILS_ENV,
  GUARDRAILS_REQUIRED,
  type GuardrailRef,
} from '../schemas/guardrails';
import { TABLES } from '../schemas/tables';
import type { TenantConfig } from '../schemas/tenant-config';
import { localGuardrailFor } from './bedrock/guardrail/assess';
import { type BedrockApi, startBedrockApi } from './bedrock/server';
import { ensureTables, startDynamo } from './dynamo';
import { LocalStepFunctions } from './engine';
import { loadConversationDefinition } from './engine/definition';
import type { LocalEventBus } from './events/bus';
import { startEventsApi } from './events/server';
import { startGateway } from './gateway';
import { useInvocationScopes } from './invocation-scope';
import { startKmsApi } from './kms/server';
import {
  createLocalInvoker,
  type InvocationRecord,
  type LocalInvoker,
} from './lambda';
import { redriveInterrupted } from './redrive';
import { seedTenant } from './seed';
import { startSfnApi } from './sfn-api';
import { startToolStandIns } from './tools';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';
export const DEMO_TENANT_DIR = resolve('tenants/demo');

export interface RuntimeOptions {
  /**
   * Keeps tables and executions here across restarts; in memory when
   * absent. The seed also takes the knowledge indexes `npm run knowledge
   * -- ingest` writes here (`knowledge/<tenant>.json`) over the tenant
   * folders'.
   */
  readonly dataDir?: string;
  /** Port of the chat page and HTTP APIs; 0 picks a free one. @default 8787 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Deletes the data directory first. @default false */
  readonly reset?: boolean;
  /** Tenant folders to seed besides the demo store. @default [] */
  readonly tenantDirs?: readonly string[];
  /** Powertools log level of the functions. @default 'INFO' */
  readonly logLevel?: string;
  /** Bedrock model id to call on AWS; the offline model answers when absent. */
  readonly bedrockModelId?: string;
  /**
   * A deployed Bedrock guardrail every tenant's calls run under, with
   * `bedrockModelId`.
   * @default - calls to Amazon Bedrock run without a guardrail
   */
  readonly bedrockGuardrail?: GuardrailRef;
  /** Sees every function invocation (benchmarks, tests). */
  readonly onInvoke?: (record: InvocationRecord) => void;
  /**
   * Stands between the engine or the gateway and a function: tests use it to
   * inject faults and delays. It must call `next` to run the function.
   */
  readonly intercept?: (
    functionName: string,
    payload: unknown,
    next: () => Promise<unknown>,
  ) => Promise<unknown>;
}

export interface Runtime {
  readonly url: string;
  readonly endpoints: {
    readonly dynamodb: string;
    readonly sfn: string;
    readonly bedrock?: string;
    readonly events: string;
  };
  readonly stateMachineArn: string;
  readonly agentToken: string;
  readonly engine: LocalStepFunctions;
  readonly documentClient: DynamoDBDocumentClient;
  /** Every event the local EventBridge endpoint accepts is published here. */
  readonly events: LocalEventBus;
  readonly offlineModel: boolean;
  /** Whether model calls run under a guardrail (always, offline). */
  readonly guarded: boolean;
  stop(): Promise<void>;
}

/**
 * Brings the platform up on loopback: DynamoDB (dynalite), the workflow
 * engine running the definition CDK deploys, Step Functions, Bedrock and
 * EventBridge endpoints, the chat and agent APIs, and the chat page. The
 * handlers run in this process with the SDK pointed at those endpoints
 * through the standard `AWS_ENDPOINT_URL_<SERVICE>` variables.
 */
export async function startRuntime(
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir && options.reset)
    rmSync(dataDir, { recursive: true, force: true });
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  useInvocationScopes();
  const stops: (() => Promise<void>)[] = [];

  const dynamo = await startDynamo({
    path: dataDir && join(dataDir, 'dynamodb'),
  });
  stops.push(() => dynamo.close());
  const events = await startEventsApi({
    file: dataDir && join(dataDir, 'events.jsonl'),
  });
  stops.push(() => events.close());
  const kms = await startKmsApi({
    keyFile: dataDir && join(dataDir, 'kms-key.json'),
    macKeyFile: dataDir && join(dataDir, 'kms-mac-key.json'),
  });
  stops.push(() => kms.close());
  const bedrock = options.bedrockModelId
    ? undefined
    : await startBedrockApi({});
  if (bedrock) stops.push(() => bedrock.close());

  const agentToken = loadAgentToken(dataDir);
  const stateMachineArn = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:Conversation`;
  configureEnvironment({
    dynamodb: dynamo.endpoint,
    events: events.url,
    bedrock: bedrock?.url,
    kms: kms.url,
    piiKeyId: kms.keyArn,
    customerRefKeyId: kms.macKeyArn,
    stateMachineArn,
    agentToken,
    logLevel: options.logLevel ?? 'INFO',
    modelId: options.bedrockModelId,
  });

  const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: REGION });
  const documentClient = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true },
  });
  await ensureTables(raw);
  const tenantDirs = [DEMO_TENANT_DIR, ...(options.tenantDirs ?? [])];
  const tools = await startToolStandIns(tenantDirs);
  stops.push(() => tools.close());
  Object.assign(process.env, tools.environment);
  const guardrail = guardrailSource(bedrock, options.bedrockGuardrail);
  for (const dir of tenantDirs) {
    await seedTenant(documentClient, tableNames(), dir, {
      localConfig: tools.localConfig,
      dataDir,
      guardrail,
    });
  }
  clearTenantCache();
  const guarded = guardrail !== undefined;
  if (guarded) process.env[GUARDRAILS_ENV] = GUARDRAILS_REQUIRED;
  else delete process.env[GUARDRAILS_ENV];

  const local = createLocalInvoker({ onInvoke: options.onInvoke });
  const { intercept } = options;
  const invoker: LocalInvoker = intercept
    ? {
        invoke: (name, payload) =>
          intercept(name.split(':').at(-1) ?? name, payload, () =>
            local.invoke(name, payload),
          ),
      }
    : local;
  const engine = new LocalStepFunctions({
    dataDir: dataDir && join(dataDir, 'workflows'),
    invoker,
    region: REGION,
    accountId: ACCOUNT,
    onInterrupted: (execution) => redriveInterrupted(execution),
  });
  engine.createStateMachine('Conversation', loadConversationDefinition());
  const sfn = await startSfnApi(engine, {});
  process.env.AWS_ENDPOINT_URL_SFN = sfn.url;
  stops.push(() => sfn.close());
  await engine.recover();
  stops.push(async () => engine.close());

  const gateway = await startGateway({
    port: options.port ?? 8787,
    host: options.host ?? '127.0.0.1',
    invoke: (name, event) => invoker.invoke(name, event) as never,
    staticDir: resolve('local/web'),
    health: () => true,
  });
  stops.push(() => gateway.close());

  return {
    url: gateway.url,
    endpoints: {
      dynamodb: dynamo.endpoint,
      sfn: sfn.url,
      bedrock: bedrock?.url,
      events: events.url,
    },
    stateMachineArn,
    agentToken,
    engine,
    documentClient,
    events: events.bus,
    offlineModel: bedrock !== undefined,
    guarded,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

const tableNames = () => ({
  tenants: TABLES.tenants.name,
  store: TABLES.store.name,
});

/**
 * Where each seeded tenant's guardrail comes from. Offline, its own,
 * registered with the offline model's endpoint as `local-<tenantId>`
 * version 1, so the functions send the same `guardrailConfig` as on AWS.
 * Against Amazon Bedrock (`bedrockModelId`) there is no local endpoint:
 * every tenant runs under `shared` when one is given, else under none.
 */
function guardrailSource(
  bedrock: BedrockApi | undefined,
  shared: GuardrailRef | undefined,
): ((config: TenantConfig) => GuardrailRef) | undefined {
  if (!bedrock) return shared && (() => shared);
  return (config) => {
    const local = localGuardrailFor(config);
    bedrock.registerGuardrail(local);
    return { id: local.id, version: local.version };
  };
}

/** A development agent token, kept in the data directory across restarts. */
function loadAgentToken(dataDir: string | undefined): string {
  const file = dataDir && join(dataDir, 'agent-token');
  if (file && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(24).toString('base64url');
  if (file) writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

function configureEnvironment(settings: {
  dynamodb: string;
  events: string;
  bedrock?: string;
  kms: string;
  piiKeyId: string;
  customerRefKeyId: string;
  stateMachineArn: string;
  agentToken: string;
  logLevel: string;
  modelId?: string;
}): void {
  Object.assign(process.env, {
    AWS_REGION: REGION,
    // Dummy credentials: every endpoint the handlers reach is on loopback.
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    // The tenants' tools may call the stand-ins listening on loopback.
    FRONTLINE_ALLOW_LOOPBACK_TOOLS: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: settings.dynamodb,
    AWS_ENDPOINT_URL_EVENTBRIDGE: settings.events,
    AWS_ENDPOINT_URL_KMS: settings.kms,
    PII_KEY_ID: settings.piiKeyId,
    CUSTOMER_REF_KEY_ID: settings.customerRefKeyId,
    ...(settings.bedrock
      ? { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: settings.bedrock }
      : {}),
    BEDROCK_MODEL_ID: settings.modelId ?? 'offline.frontline-grounded-v1',
    CONVERSATION_STATE_MACHINE_ARN: settings.stateMachineArn,
    EVENT_BUS_NAME: 'frontline',
    AGENT_TOKEN_SHA256: createHash('sha256')
      .update(settings.agentToken)
      .digest('hex'),
    POWERTOOLS_LOG_LEVEL: settings.logLevel,
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...Object.fromEntries(Object.values(TABLES).map((t) => [t.envVar, t.name])),
  });
}
