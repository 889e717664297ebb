import { randomBytes, randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type EncryptionContext, KmsError, LocalKeyring } from './keyring';
import { LocalMacKey } from './mac-key';

/**
 * A local KMS endpoint speaking AWS JSON 1.1, enough for the real
 * `KMSClient` (`AWS_ENDPOINT_URL_KMS`) to call `GenerateDataKey` and
 * `Decrypt` against one local symmetric key, and `GenerateMac` and
 * `VerifyMac` against one local HMAC key. Data keys are random and
 * wrapped with AES-256-GCM under the symmetric key, bound to their
 * encryption context: decrypting with another context fails as on AWS.
 * Using one key for the other's operations fails with
 * `InvalidKeyUsageException`, as on AWS.
 *
 * Limitations: two keys (each by id, ARN, `alias/frontline-pii` or
 * `alias/frontline-customer-ref`); no key policies, grants, rotation,
 * `DryRun` or other operations (UnknownOperationException).
 */

export interface KmsApiOptions {
  /**
   * File holding the local symmetric key across restarts.
   * @default in memory
   */
  readonly keyFile?: string;
  /**
   * File holding the local HMAC key across restarts.
   * @default in memory
   */
  readonly macKeyFile?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

export interface KmsApi {
  readonly url: string;
  /** ARN of the local symmetric key, for `PII_KEY_ID`. */
  readonly keyArn: string;
  /** ARN of the local HMAC key, for `CUSTOMER_REF_KEY_ID`. */
  readonly macKeyArn: string;
  close(): Promise<void>;
}

type Body = Record<string, unknown>;

/** The endpoint's keys: one to wrap data keys, one to make MACs. */
interface LocalKeys {
  readonly keyring: LocalKeyring;
  readonly mac: LocalMacKey;
}

const TARGET_PREFIX = 'TrentService.';
const MAX_BODY_BYTES = 64 * 1024;
const KEY_SPEC_BYTES: Readonly<Record<string, number>> = {
  AES_256: 32,
  AES_128: 16,
};

const OPERATIONS: Readonly<
  Record<string, (keys: LocalKeys, body: Body) => Body>
> = {
  GenerateDataKey: ({ keyring, mac }, body) => {
    refuseMacKey(mac, body.KeyId, 'GenerateDataKey');
    keyring.resolve(body.KeyId);
    const plaintext = randomBytes(dataKeyBytes(body));
    const blob = keyring.encrypt(plaintext, context(body));
    return {
      KeyId: keyring.arn,
      Plaintext: plaintext.toString('base64'),
      CiphertextBlob: blob.toString('base64'),
    };
  },
  Decrypt: ({ keyring, mac }, body) => {
    refuseMacKey(mac, body.KeyId, 'Decrypt');
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
  GenerateMac: ({ keyring, mac }, body) => {
    requireMacKey(keyring, mac, body.KeyId, 'GenerateMac');
    const tag = mac.generate(blob(body, 'Message'), body.MacAlgorithm);
    return {
      KeyId: mac.arn,
      Mac: tag.toString('base64'),
      MacAlgorithm: body.MacAlgorithm,
    };
  },
  VerifyMac: ({ keyring, mac }, body) => {
    requireMacKey(keyring, mac, body.KeyId, 'VerifyMac');
    mac.verify(blob(body, 'Message'), blob(body, 'Mac'), body.MacAlgorithm);
    return {
      KeyId: mac.arn,
      MacValid: true,
      MacAlgorithm: body.MacAlgorithm,
    };
  },
};

/** Starts the endpoint on loopback. */
export async function startKmsApi(
  options: KmsApiOptions = {},
): Promise<KmsApi> {
  const { port = 0, host = '127.0.0.1' } = options;
  const keys = {
    keyring: LocalKeyring.open(options.keyFile),
    mac: LocalMacKey.open(options.macKeyFile),
  };
  const server = http.createServer((req, res) => {
    void handle(keys, req, res);
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
    keyArn: keys.keyring.arn,
    macKeyArn: keys.mac.arn,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  keys: LocalKeys,
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
    send(res, 200, operation(keys, await readJson(req)));
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

/** Throws `InvalidKeyUsageException` when `keyId` names the HMAC key. */
function refuseMacKey(
  mac: LocalMacKey,
  keyId: unknown,
  operation: string,
): void {
  if (mac.names(keyId)) {
    throw new KmsError(
      'InvalidKeyUsageException',
      `${operation} needs an ENCRYPT_DECRYPT key; ${String(keyId)} is an ` +
        'HMAC key',
    );
  }
}

/**
 * Throws unless `keyId` names the HMAC key: `InvalidKeyUsageException` for
 * the symmetric key, `NotFoundException` for any other.
 */
function requireMacKey(
  keyring: LocalKeyring,
  mac: LocalMacKey,
  keyId: unknown,
  operation: string,
): void {
  if (mac.names(keyId)) return;
  if (keyring.names(keyId)) {
    throw new KmsError(
      'InvalidKeyUsageException',
      `${operation} needs a GENERATE_VERIFY_MAC key; ${String(keyId)} is ` +
        'an ENCRYPT_DECRYPT key',
    );
  }
  throw new KmsError('NotFoundException', `Key '${keyId}' does not exist`);
}

/** A required base64 blob of the request. */
function blob(body: Body, name: string): Buffer {
  const value = body[name];
  if (typeof value !== 'string') {
    throw new KmsError('ValidationException', `${name} is required`);
  }
  return Buffer.from(value, 'base64');
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
