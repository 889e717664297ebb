export { ibanValid, luhnValid, ninoValid, ssnValid } from './checks';
export { redactError, redactLogValue } from './log-redaction';
export { redactErrors } from './middleware';
export { redact, reidentify } from './redact';
export type { PiiEntity, PiiType, Redaction } from './types';
export { PII_TYPES } from './types';
export type { PiiVaultJson } from './vault';
export { PiiVault } from './vault';
