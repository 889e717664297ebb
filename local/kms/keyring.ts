import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * One symmetric KMS key, held locally: it wraps data keys with AES-256-GCM
 * and binds each to its encryption context, as KMS does. Ciphertext blobs
 * name the key, so `Decrypt` needs no key id.
 */

/** Alias the local runtime hands the functions as `PII_KEY_ID`. */
export const LOCAL_PII_ALIAS = 'alias/frontline-pii';

const BLOB_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A KMS error, thrown with the error type the wire reports. */
export class KmsError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = errorType;
  }
}

/** A local key as its file holds it: id and base64 key material. */
export interface StoredKey {
  readonly keyId: string;
  readonly material: string;
}

/**
 * A key read from `file`, or created there (readable by the owner only)
 * with 32 random bytes; in memory for this process when no file is given.
 */
export function openStoredKey(file: string | undefined): StoredKey {
  if (file && existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  }
  const stored = {
    keyId: randomUUID(),
    material: randomBytes(32).toString('base64'),
  };
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  }
  return stored;
}

export type EncryptionContext = Readonly<Record<string, string>>;

/**
 * One local KMS key: its id, its ARN in the local account, and its
 * material, named by id, ARN, alias or alias ARN.
 */
export abstract class LocalKmsKey {
  readonly keyId: string;
  readonly arn: string;
  protected readonly material: Buffer;

  protected constructor(
    stored: StoredKey,
    private readonly alias: string,
    region: string,
    account: string,
  ) {
    this.keyId = stored.keyId;
    this.arn = `arn:aws:kms:${region}:${account}:key/${stored.keyId}`;
    this.material = Buffer.from(stored.material, 'base64');
  }

  /** Whether `keyId` names this key: its id, ARN, alias or alias ARN. */
  names(keyId: unknown): boolean {
    const aliasArn = this.arn.replace(`key/${this.keyId}`, this.alias);
    return [this.keyId, this.arn, this.alias, aliasArn].includes(
      keyId as string,
    );
  }
}

export class LocalKeyring extends LocalKmsKey {
  private constructor(stored: StoredKey, region: string, account: string) {
    super(stored, LOCAL_PII_ALIAS, region, account);
  }

  /**
   * The keyring's one key: read from `file`, or created there (readable by
   * the owner only); in memory for this process when no file is given.
   */
  static open(
    file: string | undefined,
    region = 'us-east-1',
    account = '000000000000',
  ): LocalKeyring {
    return new LocalKeyring(openStoredKey(file), region, account);
  }

  /** Throws `NotFoundException` unless `keyId` names this key. */
  resolve(keyId: unknown): void {
    if (typeof keyId !== 'string' || !this.names(keyId)) {
      throw new KmsError('NotFoundException', `Key '${keyId}' does not exist`);
    }
  }

  /** Wraps `plaintext` under the key, bound to `context`. */
  encrypt(plaintext: Buffer, context: EncryptionContext): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.material, iv);
    cipher.setAAD(this.#associated(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const id = Buffer.from(this.keyId, 'utf8');
    return Buffer.concat([
      Buffer.from([BLOB_VERSION, id.length]),
      id,
      iv,
      body,
      cipher.getAuthTag(),
    ]);
  }

  /** Unwraps a blob `encrypt` made; the context must match exactly. */
  decrypt(blob: Buffer, context: EncryptionContext): Buffer {
    const invalid = () =>
      new KmsError(
        'InvalidCiphertextException',
        'The ciphertext or its encryption context is invalid',
      );
    if (blob.length < 2 || blob[0] !== BLOB_VERSION) throw invalid();
    const idEnd = 2 + (blob[1] ?? 0);
    if (blob.subarray(2, idEnd).toString('utf8') !== this.keyId) {
      throw invalid();
    }
    const iv = blob.subarray(idEnd, idEnd + IV_BYTES);
    const body = blob.subarray(idEnd + IV_BYTES, blob.length - TAG_BYTES);
    const tag = blob.subarray(blob.length - TAG_BYTES);
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw invalid();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.material, iv);
      decipher.setAAD(this.#associated(context));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      throw invalid();
    }
  }

  /** The context in one canonical form: pairs sorted by key. */
  #associated(context: EncryptionContext): Buffer {
    const pairs = Object.entries(context).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return Buffer.from(JSON.stringify(pairs), 'utf8');
  }
}
