import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { TenantConfig } from '../schemas/tenant-config';

/** The AWS resources the tenants' own tools use, each listed once. */
export interface TenantToolResources {
  /** Secrets holding the credentials of HTTP tools. */
  readonly secretArns: readonly string[];
  /** Customer managed KMS keys those secrets are encrypted with. */
  readonly secretKeyArns: readonly string[];
  /** Functions running Lambda tools. */
  readonly functionArns: readonly string[];
}

/** Collects the secret and function ARNs the tenants' manifests declare. */
export function tenantToolResources(
  tenants: readonly TenantConfig[],
): TenantToolResources {
  const secrets = new Set<string>();
  const keys = new Set<string>();
  const functions = new Set<string>();
  for (const tool of tenants.flatMap((t) => t.tools.custom)) {
    const { target } = tool;
    if (target.type === 'http' && target.secretArn) {
      secrets.add(target.secretArn);
      if (target.secretKmsKeyArn) keys.add(target.secretKmsKeyArn);
    }
    if (target.type === 'lambda') functions.add(target.functionArn);
  }
  return {
    secretArns: [...secrets].sort(),
    secretKeyArns: [...keys].sort(),
    functionArns: [...functions].sort(),
  };
}

/**
 * Lets the function that runs tool calls read exactly the declared
 * secrets and invoke exactly the declared functions; nothing when no
 * tenant declares any. A function ARN with a version or alias is granted
 * as written, so the tenant invokes what it declared.
 *
 * A secret encrypted with a customer managed key (`secretKmsKeyArn`) also
 * needs `kms:Decrypt` on that key: granted only when Secrets Manager of
 * the stack's Region asks for it (`kms:ViaService`), so the function
 * cannot decrypt anything else with the key. The key's own policy must
 * still let the account grant it (the default key policy does).
 */
export function grantTenantTools(
  fn: lambda.IFunction,
  tenants: readonly TenantConfig[],
): void {
  const { secretArns, secretKeyArns, functionArns } =
    tenantToolResources(tenants);
  if (secretArns.length > 0) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [...secretArns],
      }),
    );
  }
  if (secretKeyArns.length > 0) {
    const region = Stack.of(fn).region;
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [...secretKeyArns],
        conditions: {
          StringEquals: {
            'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
          },
        },
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
