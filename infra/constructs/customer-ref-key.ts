import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  CUSTOMER_REF_KEY_ENV,
  CUSTOMER_REF_MAC_ALGORITHM,
} from '../../functions/shared/pii/key-id';

/** What a function may do with the key: make MACs, nothing else. */
export const CUSTOMER_REF_ACTIONS = ['kms:GenerateMac'];

/**
 * The HMAC KMS key (`HMAC_256`, `GENERATE_VERIFY_MAC`) behind the
 * pseudonymous customer references that analytics sees instead of customer
 * ids (`functions/shared/pii/customer-ref.ts`). The key material never
 * leaves KMS, so a reference cannot be recomputed from a guessed id
 * without a call KMS allows.
 *
 * The key is not rotated: KMS rotates symmetric encryption keys only, and a
 * new HMAC key would give every customer a new reference, breaking the
 * link analytics keeps between a customer's conversations. It is always
 * retained for the same reason, and KMS only deletes keys after a waiting
 * period anyway.
 *
 * `grantCustomerRefs` gives a function `CUSTOMER_REF_KEY_ID` and
 * `GenerateMac` on this key only, with HMAC-SHA-256 only.
 */
export class CustomerRefKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Makes the pseudonymous customer references of Frontline',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Lets `fn` make customer references. */
  grantCustomerRefs(fn: lambda.Function): void {
    fn.addEnvironment(CUSTOMER_REF_KEY_ENV, this.key.keyArn);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: CUSTOMER_REF_ACTIONS,
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: { 'kms:MacAlgorithm': CUSTOMER_REF_MAC_ALGORITHM },
        },
      }),
    );
  }
}
