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
