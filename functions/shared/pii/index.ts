export { ibanValid, luhnValid, ninoValid, ssnValid } from './checks';
export { redactError, redactLogValue } from './log-redaction';
export { redactErrors } from './middleware';
export { redact, reidentify } from './redact';
export type { PiiEntity, PiiType, Redaction } from './types';
export { PII_TYPES } from './types';
export type { PiiVaultJson } from './vault';
export { PiiVault } from './vault';
// The conversation vault (KMS and DynamoDB) is imported from
// `./conversation-vault` directly: the shared logger imports this index,
// and the vault's clients import the logger.
