import { randomBytes, randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type EncryptionContext, KmsError, LocalKeyring } from './keyring';

/**
 * A local KMS endpoint speaking AWS JSON 1.1, enough for the real
 * `KMSClient` (`AWS_ENDPOINT_URL_KMS`) to call `GenerateDataKey` and
 * `Decrypt` against one local symmetric key. Data keys are random and
 * wrapped with AES-256-GCM under the local key, bound to their encryption
 * context: decrypting with another context fails as on AWS.
 *
 * Limitations: one key (its id, ARN or `alias/frontline-pii`); no key
 * policies, grants, rotation or other operations (UnknownOperationException).
 */

export interface KmsApiOptions {
  /** File holding the local key across restarts. @default in memory */
  readonly keyFile?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

export interface KmsApi {
  readonly url: string;
  /** ARN of the local key, for `PII_KEY_ID`. */
  readonly keyArn: string;
  close(): Promise<void>;
}

type Body = Record<string, unknown>;

const TARGET_PREFIX = 'TrentService.';
const MAX_BODY_BYTES = 64 * 1024;
const KEY_SPEC_BYTES: Readonly<Record<string, number>> = {
  AES_256: 32,
  AES_128: 16,
};

const OPERATIONS: Readonly<
  Record<string, (keyring: LocalKeyring, body: Body) => Body>
> = {
  GenerateDataKey: (keyring, body) => {
    keyring.resolve(body.KeyId);
    const plaintext = randomBytes(dataKeyBytes(body));
    const blob = keyring.encrypt(plaintext, context(body));
    return {
      KeyId: keyring.arn,
      Plaintext: plaintext.toString('base64'),
      CiphertextBlob: blob.toString('base64'),
    };
  },
  Decrypt: (keyring, body) => {
    if (body.KeyId !== undefined) keyring.resolve(body.KeyId);
    if (typeof body.CiphertextBlob !== 'string') {
      throw new KmsError('ValidationException', 'CiphertextBlob is required');
    }
    const blob = Buffer.from(body.CiphertextBlob, 'base64');
    const plaintext = keyring.decrypt(blob, context(body));
    return {
      KeyId: keyring.arn,
      Plaintext: plaintext.toString('base64'),
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
  },
};

/** Starts the endpoint on loopback. */
export async function startKmsApi(
  options: KmsApiOptions = {},
): Promise<KmsApi> {
  const { port = 0, host = '127.0.0.1' } = options;
  const keyring = LocalKeyring.open(options.keyFile);
  const server = http.createServer((req, res) => {
    void handle(keyring, req, res);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    keyArn: keyring.arn,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  keyring: LocalKeyring,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX)
      ? OPERATIONS[target.slice(TARGET_PREFIX.length)]
      : undefined;
    if (req.method !== 'POST' || !operation) {
      throw new KmsError(
        'UnknownOperationException',
        `The local KMS endpoint does not serve ${target || req.method}.`,
      );
    }
    send(res, 200, operation(keyring, await readJson(req)));
  } catch (error) {
    const failure =
      error instanceof KmsError
        ? error
        : new KmsError('KMSInternalException', 'The local KMS failed.');
    const status = failure.errorType === 'KMSInternalException' ? 500 : 400;
    send(
      res,
      status,
      { __type: failure.errorType, message: failure.message },
      { 'x-amzn-errortype': failure.errorType },
    );
  }
}

function dataKeyBytes(body: Body): number {
  if (body.KeySpec !== undefined && body.NumberOfBytes !== undefined) {
    throw new KmsError(
      'ValidationException',
      'Give KeySpec or NumberOfBytes, not both',
    );
  }
  const bytes =
    typeof body.KeySpec === 'string'
      ? KEY_SPEC_BYTES[body.KeySpec]
      : body.NumberOfBytes;
  if (typeof bytes !== 'number' || bytes < 1 || bytes > 1024) {
    throw new KmsError(
      'ValidationException',
      'KeySpec must be AES_256 or AES_128, or NumberOfBytes 1-1024',
    );
  }
  return bytes;
}

function context(body: Body): EncryptionContext {
  const value = body.EncryptionContext ?? {};
  if (
    typeof value !== 'object' ||
    value === null ||
    Object.values(value).some((v) => typeof v !== 'string')
  ) {
    throw new KmsError(
      'ValidationException',
      'EncryptionContext must map strings to strings',
    );
  }
  return value as EncryptionContext;
}

async function readJson(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new KmsError('ValidationException', 'The request is too large.');
    }
    chunks.push(chunk as Buffer);
  }
  try {
    const body: unknown = JSON.parse(
      Buffer.concat(chunks).toString('utf8') || '{}',
    );
    if (typeof body === 'object' && body !== null) return body as Body;
  } catch {
    // Reported below.
  }
  throw new KmsError('SerializationException', 'The body is not JSON.');
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': String(Buffer.byteLength(text)),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(text);
}
