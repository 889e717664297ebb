import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  ENCRYPTION_CONTEXT_KEYS,
  PII_KEY_ENV,
} from '../../functions/shared/pii/key-id';

/** What a vault function may do with the key: make and open data keys. */
export const PII_VAULT_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];

/**
 * The KMS key that wraps the data keys of the conversations' PII vaults
 * (`functions/shared/pii/conversation-vault.ts`), with yearly rotation. It
 * is always retained: deleting it would make every stored vault unreadable,
 * and KMS only deletes keys after a waiting period anyway.
 *
 * `grantVault` gives a function `PII_KEY_ID` and `GenerateDataKey` and
 * `Decrypt` on this key only, for requests whose encryption context names
 * a tenant and a conversation and nothing else.
 */
export class PiiVaultKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Wraps the data keys of the Frontline conversation vaults',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Lets `fn` open and save conversation vaults. */
  grantVault(fn: lambda.Function): void {
    fn.addEnvironment(PII_KEY_ENV, this.key.keyArn);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: PII_VAULT_ACTIONS,
        resources: [this.key.keyArn],
        conditions: {
          'ForAllValues:StringEquals': {
            'kms:EncryptionContextKeys': [...ENCRYPTION_CONTEXT_KEYS],
          },
          Null: Object.fromEntries(
            ENCRYPTION_CONTEXT_KEYS.map((key) => [
              `kms:EncryptionContext:${key}`,
              'false',
            ]),
          ),
        },
      }),
    );
  }
}
