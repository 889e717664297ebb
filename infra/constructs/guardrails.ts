import { createHash } from 'node:crypto';
import { Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  GUARDRAILS_ENV,
  GUARDRAILS_REQUIRED,
  type GuardrailRef,
  type GuardrailSettings,
} from '../../schemas/guardrails';
import type { TenantConfig } from '../../schemas/tenant-config';

export interface TenantGuardrailsProps {
  /** Validated tenant configurations; each tenant gets its own guardrail. */
  readonly tenants: readonly TenantConfig[];
  /**
   * Start of every guardrail's name (names are unique per account and
   * region): `<namePrefix>-<tenantId>`.
   * @default - the stack name
   */
  readonly namePrefix?: string;
}

/** One tenant's guardrail and the version the functions call. */
export interface TenantGuardrail {
  readonly guardrail: bedrock.CfnGuardrail;
  readonly version: bedrock.CfnGuardrailVersion;
}

/** The harmful-content categories, filtered in both directions. */
export const CONTENT_FILTER_TYPES = [
  'SEXUAL',
  'VIOLENCE',
  'HATE',
  'INSULTS',
  'MISCONDUCT',
] as const;

const MAX_NAME_CHARS = 50;

/**
 * One Amazon Bedrock guardrail per tenant, built from its `guardrails`
 * settings: the five content filters at the tenant's strength (requests and
 * answers), the prompt-attack filter (requests only), the denied topics and
 * the blocked message. Each guardrail gets a numbered version, replaced
 * whenever the settings change, because only a version is immutable: the
 * functions never call the working draft.
 *
 * The functions find a tenant's guardrail beside its configuration: `refs`
 * is what the configuration seed stores there. `grantApply` sets
 * `GUARDRAILS` to `required` on a function, so that it makes no model call
 * for a tenant without a guardrail, and allows `bedrock:ApplyGuardrail` on
 * exactly these guardrails.
 */
export class TenantGuardrails extends Construct {
  /** The guardrails, by tenant id. */
  readonly byTenant: ReadonlyMap<string, TenantGuardrail>;
  /** Each tenant's guardrail id and the version its model calls use. */
  readonly refs: ReadonlyMap<string, GuardrailRef>;

  constructor(scope: Construct, id: string, props: TenantGuardrailsProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? Stack.of(this).stackName;

    const entries = props.tenants.map((tenant): [string, TenantGuardrail] => {
      const guardrail = new bedrock.CfnGuardrail(
        this,
        tenant.tenantId,
        guardrailProps(guardrailName(prefix, tenant.tenantId), tenant),
      );
      const version = new bedrock.CfnGuardrailVersion(
        this,
        `${tenant.tenantId}Version`,
        {
          guardrailIdentifier: guardrail.attrGuardrailId,
          description: versionDescription(tenant),
        },
      );
      return [tenant.tenantId, { guardrail, version }];
    });
    this.byTenant = new Map(entries);
    this.refs = new Map(
      entries.map(([tenantId, { version }]) => [
        tenantId,
        { id: version.attrGuardrailId, version: version.attrVersion },
      ]),
    );
  }

  /**
   * Lets a model-calling function use the tenants' guardrails: requires
   * one on every model call (`GUARDRAILS`) and allows
   * `bedrock:ApplyGuardrail` on each of them. Does nothing when there are
   * no tenants.
   */
  grantApply(fn: lambda.Function): void {
    if (this.byTenant.size === 0) return;
    const guardrails = [...this.byTenant.values()];
    fn.addEnvironment(GUARDRAILS_ENV, GUARDRAILS_REQUIRED);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:ApplyGuardrail'],
        resources: guardrails.map((g) => g.guardrail.attrGuardrailArn),
      }),
    );
  }
}

/** The CloudFormation properties of a tenant's guardrail. */
export function guardrailProps(
  name: string,
  tenant: TenantConfig,
): bedrock.CfnGuardrailProps {
  const settings = tenant.guardrails;
  return {
    name,
    description: `Frontline guardrail of tenant ${tenant.tenantId}`,
    blockedInputMessaging: settings.blockedMessage,
    blockedOutputsMessaging: settings.blockedMessage,
    contentPolicyConfig: { filtersConfig: filters(settings) },
    ...(settings.deniedTopics.length > 0
      ? { topicPolicyConfig: { topicsConfig: topics(settings) } }
      : {}),
  };
}

function filters(
  settings: GuardrailSettings,
): bedrock.CfnGuardrail.ContentFilterConfigProperty[] {
  const strength = settings.contentFilterStrength;
  return [
    ...CONTENT_FILTER_TYPES.map((type) => ({
      type,
      inputStrength: strength,
      outputStrength: strength,
    })),
    // Bedrock checks prompt attacks in requests only; NONE is required.
    {
      type: 'PROMPT_ATTACK',
      inputStrength: settings.promptAttackStrength,
      outputStrength: 'NONE',
    },
  ];
}

function topics(
  settings: GuardrailSettings,
): bedrock.CfnGuardrail.TopicConfigProperty[] {
  return settings.deniedTopics.map((topic) => ({
    name: topic.name,
    definition: topic.definition,
    type: 'DENY',
    ...(topic.examples.length > 0 ? { examples: topic.examples } : {}),
  }));
}

/** `<prefix>-<tenantId>`, the prefix cut to keep within 50 characters. */
function guardrailName(prefix: string, tenantId: string): string {
  const room = MAX_NAME_CHARS - tenantId.length - 1;
  const name = `${prefix.replace(/[^0-9a-zA-Z_-]/g, '').slice(0, room)}-${tenantId}`;
  return name.replace(/^-/, '');
}

/**
 * Names the settings the version was taken from. A version's description
 * cannot change in place, so new settings replace the version.
 */
function versionDescription(tenant: TenantConfig): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(tenant.guardrails))
    .digest('hex')
    .slice(0, 16);
  return `Settings ${hash} of tenant ${tenant.tenantId}`;
}
