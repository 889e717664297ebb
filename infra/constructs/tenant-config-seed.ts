import { createHash } from 'node:crypto';
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { GuardrailRef } from '../../schemas/guardrails';
import type { TenantConfig } from '../../schemas/tenant-config';
import { ConfigurationError } from '../errors';

export interface TenantConfigSeedProps {
  /** The Tenants table. */
  readonly table: dynamodb.ITable;
  /** Validated tenant configurations to write. */
  readonly tenants: readonly TenantConfig[];
  /**
   * Each tenant's deployed guardrail, stored beside its configuration,
   * where the model-calling functions find it. When given, it must name
   * every tenant.
   * @default - no guardrails stored
   */
  readonly guardrails?: ReadonlyMap<string, GuardrailRef>;
  /**
   * Retention of the seeding function's log group, in days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * What happens to that log group when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** DynamoDB's JSON shape of a value (what the low-level PutItem takes). */
type AttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

/**
 * Writes each tenant's configuration into the Tenants table as
 * `{ pk: 'T#<tenantId>', sk: 'CONFIG', config, guardrail }` on every deploy
 * that changes either. Removing a tenant from the list leaves its item in
 * place.
 */
export class TenantConfigSeed extends Construct {
  constructor(scope: Construct, id: string, props: TenantConfigSeedProps) {
    super(scope, id);
    rejectDuplicates(props.tenants);
    const guardrailOf = guardrailLookup(props.guardrails);
    if (props.tenants.length === 0) return;

    const logGroup = new logs.LogGroup(this, 'ProviderLogs', {
      retention: props.logRetentionDays ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    for (const config of props.tenants) {
      this.seed(props.table, config, guardrailOf(config.tenantId), logGroup);
    }
    acknowledgeProvider(this);
  }

  private seed(
    table: dynamodb.ITable,
    config: TenantConfig,
    guardrail: GuardrailRef | undefined,
    logGroup: logs.ILogGroup,
  ): void {
    const hash = createHash('sha256')
      .update(JSON.stringify(config))
      .digest('hex')
      .slice(0, 16);
    const putItem: cr.AwsSdkCall = {
      service: 'DynamoDB',
      action: 'putItem',
      parameters: {
        TableName: table.tableName,
        Item: {
          pk: { S: `T#${config.tenantId}` },
          sk: { S: 'CONFIG' },
          config: marshall(config),
          ...(guardrail ? { guardrail: marshall(guardrail) } : {}),
        },
      },
      physicalResourceId: cr.PhysicalResourceId.of(
        `${config.tenantId}-${hash}`,
      ),
      logging: cr.Logging.withDataHidden(),
    };
    new cr.AwsCustomResource(this, `Tenant-${config.tenantId}`, {
      resourceType: 'Custom::FrontlineTenantConfig',
      onCreate: putItem,
      onUpdate: putItem,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['dynamodb:PutItem'],
          resources: [table.tableArn],
        }),
      ]),
      installLatestAwsSdk: false,
      logGroup,
    });
  }
}

/** Plain JSON to DynamoDB attribute values; `undefined` fields are left out. */
export function marshall(value: unknown): AttributeValue {
  if (value === null) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(marshall) };
  if (typeof value === 'object') {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return {
      M: Object.fromEntries(fields.map(([k, v]) => [k, marshall(v)])),
    };
  }
  throw new ConfigurationError(
    `Tenant config holds a ${typeof value}, which DynamoDB cannot store`,
  );
}

/**
 * A tenant's guardrail from `guardrails`, which must name every tenant it
 * is asked about; without `guardrails`, none.
 */
function guardrailLookup(
  guardrails: ReadonlyMap<string, GuardrailRef> | undefined,
): (tenantId: string) => GuardrailRef | undefined {
  return (tenantId) => {
    if (!guardrails) return undefined;
    const guardrail = guardrails.get(tenantId);
    if (!guardrail) {
      throw new ConfigurationError(
        `guardrails has no guardrail for tenant "${tenantId}"`,
      );
    }
    return guardrail;
  };
}

function rejectDuplicates(tenants: readonly TenantConfig[]): void {
  const ids = tenants.map((tenant) => tenant.tenantId);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) {
    throw new ConfigurationError(
      `tenants lists tenantId "${duplicate}" more than once`,
    );
  }
}

/**
 * The custom resources share one provider function that the CDK creates
 * at stack level; its finding is acknowledged there.
 */
function acknowledgeProvider(scope: Construct): void {
  const providerId = `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;
  const provider = Stack.of(scope).node.tryFindChild(providerId);
  if (!provider) return;
  Validations.of(provider).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      'The CDK-provided custom resource function only writes its own ' +
      'logs with the basic execution policy; its data access is the ' +
      'PutItem on the Tenants table granted per resource.',
  });
}
