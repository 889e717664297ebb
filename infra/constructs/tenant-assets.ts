import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  type CfnElement,
  CustomResource,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, type IDependable } from 'constructs';
import { INTENT_ARTIFACT_FORMAT_ID } from '../../functions/shared/intent/serialize';
import { INDEX_FORMAT_ID } from '../../functions/shared/knowledge/index-format';
import type { EmbeddingModelId } from '../../schemas/knowledge-embeddings';
import { TABLES } from '../../schemas/tables';
import type { TenantAssetsProperties } from '../../schemas/tenant-assets';
import { grantInvokeModels } from '../bedrock';
import { ConfigurationError } from '../errors';
import { BUNDLING } from './conversation-functions';
import type { FrontlineTables } from './tables';

/** A tenant folder's files the deployment trains and ingests. */
export interface TenantAssetSource {
  readonly tenantId: string;
  /**
   * Absolute path of the tenant's labelled examples (`intents.csv`).
   * @default - no classifier is trained
   */
  readonly intentsCsv?: string;
  /**
   * Absolute path of the tenant's `knowledge/` folder.
   * @default - no knowledge index is built
   */
  readonly knowledgeDir?: string;
  /**
   * Url of a markdown or HTML article: this + its document id.
   * @default - such articles have no url
   */
  readonly knowledgeBaseUrl?: string;
  /**
   * The embedding model the tenant ranks with (`knowledge.embeddings`):
   * the passages are embedded after each new index.
   * @default - lexical ranking only
   */
  readonly knowledgeEmbeddings?: {
    readonly modelId: EmbeddingModelId;
    readonly dimensions: number;
  };
}

export interface TenantAssetsProps {
  /** The tables; the function reads and writes the Tenants table only. */
  readonly tables: FrontlineTables;
  /** Tenants with an `intents.csv`, a `knowledge/` folder or both. */
  readonly tenants: readonly TenantAssetSource[];
  /**
   * What each tenant's resource waits for: the tenant configuration seed.
   * @default - no ordering
   */
  readonly after?: IDependable;
  /**
   * Retention of the log groups, in days.
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

/** Memory of the training function: more memory is more CPU. */
export const TENANT_ASSETS_MEMORY_MB = 2048;
/** Below the provider framework's own 15 minutes, so it can report. */
export const TENANT_ASSETS_TIMEOUT_MINUTES = 10;

/**
 * Trains each tenant's intent classifier and builds its knowledge index at
 * deploy time, from the tenant folder's `intents.csv` and `knowledge/`
 * uploaded as assets: one `Custom::FrontlineTenantAssets` resource per
 * tenant, served by one function behind a custom resource provider. The
 * artifacts land on the Tenants table, where understand and retrieve load
 * them at cold start.
 *
 * A changed file gives its asset a new hash, so CloudFormation updates the
 * tenant's resource and the function trains or ingests again; so does an
 * upgrade that changes an artifact's format (each asset names the format
 * the code builds), since the stored artifact cannot be read any more. A
 * deploy that changes neither never calls it. Deleting the resource (a
 * tenant or file leaving the stack) leaves the stored artifacts in place.
 */
export class TenantAssets extends Construct {
  /** The function that trains and ingests, when any tenant has files. */
  readonly function?: NodejsFunction;

  constructor(scope: Construct, id: string, props: TenantAssetsProps) {
    super(scope, id);
    validate(props);
    if (props.tenants.length === 0) return;

    const fn = this.createFunction(props);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: fn,
      logGroup: this.logGroup('ProviderLogs', props),
    });
    const objectArns = props.tenants.flatMap((tenant) =>
      this.addTenant(tenant, provider.serviceToken, props.after),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: objectArns,
      }),
    );
    this.function = fn;
    acknowledgeFindings(fn, provider);
  }

  private createFunction(props: TenantAssetsProps): NodejsFunction {
    const projectRoot = props.projectRoot ?? process.cwd();
    const role = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Trains and ingests Frontline tenant assets',
    });
    const logGroup = this.logGroup('FunctionLogs', props);
    const fn = new NodejsFunction(this, 'Function', {
      entry: entry(projectRoot),
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: TENANT_ASSETS_MEMORY_MB,
      timeout: Duration.minutes(TENANT_ASSETS_TIMEOUT_MINUTES),
      role,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        [TABLES.tenants.envVar]: props.tables.tables.tenants.tableName,
        POWERTOOLS_SERVICE_NAME: 'tenant-assets',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: BUNDLING,
    });
    logGroup.grantWrite(role);
    props.tables.grant(role, 'tenants', 'readWrite');
    const embeddingModels = props.tenants.flatMap((tenant) =>
      tenant.knowledgeDir && tenant.knowledgeEmbeddings
        ? [tenant.knowledgeEmbeddings.modelId]
        : [],
    );
    grantInvokeModels(role, embeddingModels);
    return fn;
  }

  /** The tenant's assets and resource; returns the objects' ARNs. */
  private addTenant(
    tenant: TenantAssetSource,
    serviceToken: string,
    after: IDependable | undefined,
  ): string[] {
    const intents = tenant.intentsCsv
      ? new Asset(this, `Intents-${tenant.tenantId}`, {
          path: tenant.intentsCsv,
        })
      : undefined;
    const knowledge = tenant.knowledgeDir
      ? new Asset(this, `Knowledge-${tenant.tenantId}`, {
          path: tenant.knowledgeDir,
        })
      : undefined;
    const properties: TenantAssetsProperties = {
      tenantId: tenant.tenantId,
      ...(intents
        ? { intents: objectOf(intents, INTENT_ARTIFACT_FORMAT_ID) }
        : {}),
      ...(knowledge
        ? {
            knowledge: {
              ...objectOf(knowledge, INDEX_FORMAT_ID),
              ...(tenant.knowledgeBaseUrl
                ? { baseUrl: tenant.knowledgeBaseUrl }
                : {}),
              ...(tenant.knowledgeEmbeddings
                ? { embeddings: tenant.knowledgeEmbeddings }
                : {}),
            },
          }
        : {}),
    };
    const resource = new CustomResource(this, `Tenant-${tenant.tenantId}`, {
      serviceToken,
      resourceType: 'Custom::FrontlineTenantAssets',
      properties,
    });
    if (after) resource.node.addDependency(after);
    return [intents, knowledge].flatMap((asset) =>
      asset ? [asset.bucket.arnForObjects(asset.s3ObjectKey)] : [],
    );
  }

  private logGroup(id: string, props: TenantAssetsProps): logs.LogGroup {
    return new logs.LogGroup(this, id, {
      retention: props.logRetentionDays ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}

/** An uploaded asset, and the format of the artifact built from it. */
const objectOf = (asset: Asset, format: string) => ({
  bucket: asset.s3BucketName,
  key: asset.s3ObjectKey,
  hash: asset.assetHash,
  format,
});

function entry(projectRoot: string): string {
  const file = path.join(projectRoot, 'functions/tenant-assets/handler.ts');
  if (!existsSync(file)) {
    throw new ConfigurationError(
      `Tenant assets need their function: expected ${file}`,
    );
  }
  return file;
}

function validate(props: TenantAssetsProps): void {
  const seen = new Set<string>();
  for (const tenant of props.tenants) {
    if (seen.has(tenant.tenantId)) {
      throw new ConfigurationError(
        `tenants lists tenantId "${tenant.tenantId}" more than once`,
      );
    }
    seen.add(tenant.tenantId);
    if (!tenant.intentsCsv && !tenant.knowledgeDir) {
      throw new ConfigurationError(
        `Tenant ${tenant.tenantId} has neither intentsCsv nor knowledgeDir; ` +
          'leave it out of tenants instead',
      );
    }
  }
}

/** The findings of the function and the CDK's provider framework. */
function acknowledgeFindings(fn: NodejsFunction, provider: cr.Provider): void {
  Validations.of(fn.role ?? fn).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'X-Ray PutTraceSegments/PutTelemetryRecords accept no resource-level ' +
      'permissions; they require "*".',
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'The function is built and tested for Node.js 22 (nodejs22.x), like ' +
      'the conversation functions; a newer runtime is a deliberate upgrade.',
  });
  const cfnFunction = fn.node.defaultChild as CfnElement;
  const fnId = Stack.of(fn).getLogicalId(cfnFunction);
  Validations.of(provider).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "The CDK's provider framework function only writes its own logs " +
        'with the basic execution policy; it reaches nothing else.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
      reason:
        "The CDK's provider framework may invoke any version of the tenant " +
        'assets function, and only that function.',
    },
  );
}
