import { InvariantError } from '../errors';

/** Environment variable naming the KMS key that wraps the vaults' keys. */
export const PII_KEY_ENV = 'PII_KEY_ID';

/**
 * The KMS key id (`PII_KEY_ID`). Without one nothing may be redacted into a
 * vault, so callers stop here rather than pass personal data on.
 */
export function piiKeyId(): string {
  const keyId = process.env[PII_KEY_ENV];
  if (!keyId) {
    throw new InvariantError(
      `${PII_KEY_ENV} is not set: the conversation PII vault has no KMS ` +
        'key, so personal data cannot be redacted. Set it to the key ARN.',
    );
  }
  return keyId;
}

/**
 * The keys of the encryption context every vault data key is bound to:
 * the conversation it belongs to. IAM policies require exactly these.
 */
export const ENCRYPTION_CONTEXT_KEYS = ['tenantId', 'conversationId'] as const;

/** Environment variable naming the HMAC KMS key of customer references. */
export const CUSTOMER_REF_KEY_ENV = 'CUSTOMER_REF_KEY_ID';

/**
 * The MAC algorithm of customer references, the one an `HMAC_256` key
 * supports. IAM policies allow `GenerateMac` with this algorithm only.
 */
export const CUSTOMER_REF_MAC_ALGORITHM = 'HMAC_SHA_256';

/**
 * The HMAC KMS key id (`CUSTOMER_REF_KEY_ID`). Without one no customer
 * reference can be made, so callers stop here rather than publish the raw
 * customer id in its place.
 */
export function customerRefKeyId(): string {
  const keyId = process.env[CUSTOMER_REF_KEY_ENV];
  if (!keyId) {
    throw new InvariantError(
      `${CUSTOMER_REF_KEY_ENV} is not set: customer references have no ` +
        'KMS HMAC key, so the customer cannot be named in analytics. Set ' +
        'it to the key ARN.',
    );
  }
  return keyId;
}
