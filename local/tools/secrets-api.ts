import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type LoopbackServer,
  listenOnLoopback,
  readBody,
  StandInError,
  sendJson,
} from './loopback';

/**
 * A local Secrets Manager endpoint speaking AWS JSON 1.1, enough for
 * `GetSecretValueCommand` of the real `SecretsManagerClient` (through
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER`). Secrets are held in memory, keyed
 * by full ARN; a request may name a secret by that ARN or by its name.
 *
 * Limitations: one version per secret (`AWSCURRENT`), text secrets only;
 * every other operation answers UnknownOperationException.
 */

const GET_SECRET_VALUE = 'secretsmanager.GetSecretValue';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** `arn:…:secret:<name>-<6 characters>` */
const SECRET_ARN = /^arn:[^:]+:secretsmanager:[^:]+:\d{12}:secret:(.+)-\w{6}$/;

export interface SecretsApi extends LoopbackServer {
  /** Sets (or replaces) a secret's value. */
  put(secretArn: string, value: string): void;
}

/** Starts the endpoint with the given secrets (full ARN → value). */
export async function startSecretsApi(
  secrets: ReadonlyMap<string, string> = new Map(),
): Promise<SecretsApi> {
  const values = new Map(secrets);
  const created = Math.floor(Date.now() / 1000);
  const server = await listenOnLoopback((req, res) =>
    handle(req, res, (secretId) => {
      const arn = findArn(values, secretId);
      const value = arn && values.get(arn);
      if (!arn || value === undefined) return undefined;
      return {
        ARN: arn,
        Name: secretName(arn),
        VersionId: versionOf(arn, value),
        SecretString: value,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: created,
      };
    }),
  );
  return { ...server, put: (arn, value) => values.set(arn, value) };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  getSecret: (secretId: string) => Record<string, unknown> | undefined,
): Promise<void> {
  try {
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || target !== GET_SECRET_VALUE) {
      throw new StandInError(
        400,
        'UnknownOperationException',
        `The local Secrets Manager serves only ${GET_SECRET_VALUE}`,
      );
    }
    const body = parseBody(await readBody(req, 64 * 1024));
    const secret = getSecret(String(body.SecretId ?? ''));
    if (!secret) {
      throw new StandInError(
        400,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    }
    reply(res, 200, secret);
  } catch (error) {
    const failure =
      error instanceof StandInError
        ? error
        : new StandInError(500, 'InternalServiceError', 'Local failure');
    reply(
      res,
      failure.status,
      { __type: failure.errorType, message: failure.message },
      { 'x-amzn-errortype': failure.errorType },
    );
  }
}

function parseBody(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text || '{}') as Record<string, unknown>;
  } catch {
    throw new StandInError(400, 'SerializationException', 'Invalid JSON');
  }
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, body, {
    'content-type': CONTENT_TYPE,
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
}

function findArn(
  values: ReadonlyMap<string, string>,
  secretId: string,
): string | undefined {
  if (values.has(secretId)) return secretId;
  return [...values.keys()].find((arn) => secretName(arn) === secretId);
}

/** The secret's name: its ARN's resource without the random suffix. */
export function secretName(arn: string): string {
  return SECRET_ARN.exec(arn)?.[1] ?? arn;
}

/** A stable version id for a value, shaped like a UUID. */
function versionOf(arn: string, value: string): string {
  const id = createHash('sha256').update(`${arn}\n${value}`).digest('hex');
  return [
    id.slice(0, 8),
    id.slice(8, 12),
    id.slice(12, 16),
    id.slice(16, 20),
    id.slice(20, 32),
  ].join('-');
}
