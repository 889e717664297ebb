import {
  GetSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { isRetryableAwsError } from '../aws-errors';
import { secretsManager } from '../clients/secrets';
import { TransientError } from '../errors';
import { logger } from '../observability';
import { ToolError } from '../store/errors';

/** How long a warm function keeps a secret before reading it again. */
export const SECRET_CACHE_MS = 5 * 60_000;

const cache = new Map<string, { value: Promise<string>; until: number }>();

/**
 * The string value of a tool's credential, from Secrets Manager, kept for
 * five minutes so a busy function reads each secret a few times an hour
 * and a rotated one is picked up soon after. Concurrent callers share one
 * read. The value is never logged.
 *
 * Throws `TransientError` when Secrets Manager may answer on a later try,
 * and `ToolError` (the tool is unavailable) when the secret cannot be used
 * at all: missing, not readable by the function, or binary.
 */
export function secretValue(
  secretArn: string,
  toolName: string,
  client: SecretsManagerClient = secretsManager,
  now = Date.now(),
): Promise<string> {
  const hit = cache.get(secretArn);
  if (hit && hit.until > now) return hit.value;

  const value = readSecret(secretArn, toolName, client);
  cache.set(secretArn, { value, until: now + SECRET_CACHE_MS });
  value.catch(() => cache.delete(secretArn));
  return value;
}

/** Forgets every cached secret (tests). */
export function clearSecretCache(): void {
  cache.clear();
}

async function readSecret(
  secretArn: string,
  toolName: string,
  client: SecretsManagerClient,
): Promise<string> {
  try {
    const { SecretString } = await client.send(
      new GetSecretValueCommand({ SecretId: secretArn }),
    );
    if (SecretString === undefined || SecretString === '') {
      throw new ToolError(
        `${toolName} is unavailable: its credential is not a text secret`,
      );
    }
    return SecretString;
  } catch (error) {
    if (error instanceof ToolError) throw error;
    if (isRetryableAwsError(error)) {
      throw new TransientError(
        `Secrets Manager failed for the credential of ${toolName}`,
        { cause: error },
      );
    }
    logger.error('Tool credential unreadable', {
      tool: toolName,
      secret_arn: secretArn,
      error_name: error instanceof Error ? error.name : typeof error,
    });
    throw new ToolError(
      `${toolName} is unavailable right now: its credential cannot be read`,
    );
  }
}
