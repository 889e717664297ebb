import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { TenantConfig } from '../schemas/tenant-config';

/** The AWS resources the tenants' own tools use, each listed once. */
export interface TenantToolResources {
  /** Secrets holding the credentials of HTTP tools. */
  readonly secretArns: readonly string[];
  /** Functions running Lambda tools. */
  readonly functionArns: readonly string[];
}

/** Collects the secret and function ARNs the tenants' manifests declare. */
export function tenantToolResources(
  tenants: readonly TenantConfig[],
): TenantToolResources {
  const secrets = new Set<string>();
  const functions = new Set<string>();
  for (const tool of tenants.flatMap((t) => t.tools.custom)) {
    const { target } = tool;
    if (target.type === 'http' && target.secretArn)
      secrets.add(target.secretArn);
    if (target.type === 'lambda') functions.add(target.functionArn);
  }
  return {
    secretArns: [...secrets].sort(),
    functionArns: [...functions].sort(),
  };
}

/**
 * Lets the function that runs tool calls read exactly the declared
 * secrets and invoke exactly the declared functions; nothing when no
 * tenant declares any. A function ARN with a version or alias is granted
 * as written, so the tenant invokes what it declared.
 *
 * TODO(infra): a secret encrypted with a customer managed KMS key also
 * needs kms:Decrypt on that key for the function; the manifest does not
 * name the key yet. Adding an optional `kmsKeyArn` next to `secretArn`
 * and granting Decrypt on it (with a kms:ViaService condition) would
 * close it.
 */
export function grantTenantTools(
  fn: lambda.IFunction,
  tenants: readonly TenantConfig[],
): void {
  const { secretArns, functionArns } = tenantToolResources(tenants);
  if (secretArns.length > 0) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [...secretArns],
      }),
    );
  }
  if (functionArns.length > 0) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [...functionArns],
      }),
    );
  }
}
