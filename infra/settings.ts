import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { ConfigurationError } from './errors';

/** The CDK context keys an operator sets in `cdk.json` or with `-c`. */
export const CONTEXT_KEYS = {
  bedrockModelId: 'frontline:bedrockModelId',
  tenantConfigFiles: 'frontline:tenantConfigFiles',
  agentTokenSha256: 'frontline:agentTokenSha256',
  logRetentionDays: 'frontline:logRetentionDays',
  alarmEmail: 'frontline:alarmEmail',
  chatAllowedOrigins: 'frontline:chatAllowedOrigins',
} as const;

/** Values used when a context key is absent; `cdk.json` repeats them. */
export const SETTING_DEFAULTS = {
  bedrockModelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
  tenantConfigFiles: ['tenants/demo/tenant.json'],
  logRetentionDays: 30,
  chatAllowedOrigins: [] as string[],
} as const;

/** The deployment settings, validated. */
export interface FrontlineSettings {
  /** Bedrock model or inference-profile id used when a tenant names none. */
  readonly bedrockModelId: string;
  /** Tenant configuration files, relative to the project root. */
  readonly tenantConfigFiles: readonly string[];
  /** Lower-case hex SHA-256 of the agent bearer token, if configured. */
  readonly agentTokenSha256?: string;
  /** Retention of every log group, in days. */
  readonly logRetentionDays: number;
  /** Address subscribed to the alarm topic, if any. */
  readonly alarmEmail?: string;
  /** Origins allowed to call the chat API from a browser. */
  readonly chatAllowedOrigins: readonly string[];
}

const MODEL_ID = /^(?!arn:)[A-Za-z0-9][A-Za-z0-9._:-]{2,199}$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const ORIGIN = /^(https:\/\/[A-Za-z0-9.-]+|http:\/\/localhost)(:\d{1,5})?$/;

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = Object.values(
  RetentionDays,
).filter((value): value is number => typeof value === 'number');

/** Reads and validates the Frontline context keys of an app. */
export function readSettings(node: Node): FrontlineSettings {
  const context = (key: string): unknown => node.tryGetContext(key);
  return {
    bedrockModelId: readModelId(context(CONTEXT_KEYS.bedrockModelId)),
    tenantConfigFiles: readFileList(context(CONTEXT_KEYS.tenantConfigFiles)),
    agentTokenSha256: readTokenHash(context(CONTEXT_KEYS.agentTokenSha256)),
    logRetentionDays: readRetention(context(CONTEXT_KEYS.logRetentionDays)),
    alarmEmail: readEmail(context(CONTEXT_KEYS.alarmEmail)),
    chatAllowedOrigins: readOrigins(context(CONTEXT_KEYS.chatAllowedOrigins)),
  };
}

function readModelId(value: unknown): string {
  if (value === undefined) return SETTING_DEFAULTS.bedrockModelId;
  if (typeof value !== 'string' || !MODEL_ID.test(value)) {
    throw new ConfigurationError(
      `Context ${CONTEXT_KEYS.bedrockModelId} must be a Bedrock model or ` +
        `inference-profile id such as "${SETTING_DEFAULTS.bedrockModelId}" ` +
        `(not an ARN); got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function readFileList(value: unknown): readonly string[] {
  if (value === undefined) return SETTING_DEFAULTS.tenantConfigFiles;
  const list = readStringList(CONTEXT_KEYS.tenantConfigFiles, value);
  for (const file of list) {
    if (!file.endsWith('.json')) {
      throw new ConfigurationError(
        `Context ${CONTEXT_KEYS.tenantConfigFiles} lists "${file}", which ` +
          'is not a .json file',
      );
    }
  }
  return list;
}

function readTokenHash(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !SHA256_HEX.test(value)) {
    throw new ConfigurationError(
      `Context ${CONTEXT_KEYS.agentTokenSha256} must be the 64-character ` +
        'hex SHA-256 of the agent bearer token (for example the output of ' +
        '`printf %s "$TOKEN" | sha256sum`)',
    );
  }
  return value.toLowerCase();
}

function readRetention(value: unknown): number {
  if (value === undefined) return SETTING_DEFAULTS.logRetentionDays;
  const days = typeof value === 'string' ? Number(value) : value;
  if (typeof days !== 'number' || !LOG_RETENTION_DAYS.includes(days)) {
    throw new ConfigurationError(
      `Context ${CONTEXT_KEYS.logRetentionDays} must be one of the ` +
        `CloudWatch Logs retention periods (${LOG_RETENTION_DAYS.join(', ')}); ` +
        `got ${JSON.stringify(value)}`,
    );
  }
  return days;
}

function readEmail(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !EMAIL.test(value)) {
    throw new ConfigurationError(
      `Context ${CONTEXT_KEYS.alarmEmail} must be an e-mail address; got ` +
        JSON.stringify(value),
    );
  }
  return value;
}

function readOrigins(value: unknown): readonly string[] {
  if (value === undefined) return SETTING_DEFAULTS.chatAllowedOrigins;
  const origins = readStringList(CONTEXT_KEYS.chatAllowedOrigins, value);
  for (const origin of origins) {
    if (!ORIGIN.test(origin)) {
      throw new ConfigurationError(
        `Context ${CONTEXT_KEYS.chatAllowedOrigins} lists "${origin}"; ` +
          'each origin must be https://host[:port] or http://localhost[:port]',
      );
    }
  }
  return origins;
}

/**
 * A list from `cdk.json` (a JSON array) or from `-c key=value` (a JSON array
 * or comma-separated text).
 */
function readStringList(key: string, value: unknown): readonly string[] {
  const list =
    typeof value === 'string' && !value.trim().startsWith('[')
      ? value.split(',').map((item) => item.trim())
      : typeof value === 'string'
        ? parseJson(key, value)
        : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw new ConfigurationError(
      `Context ${key} must be a list of strings; got ${JSON.stringify(value)}`,
    );
  }
  return list.filter((item) => item !== '');
}

function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(
      `Context ${key} is not a valid JSON list: ${text}`,
      { cause: error },
    );
  }
}
