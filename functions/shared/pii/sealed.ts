import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { InvariantError } from '../errors';

/** Bytes of an AES-256 key. */
export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CIPHER = 'aes-256-gcm';

/** Text sealed with AES-256-GCM: the nonce, and the ciphertext with its tag. */
export interface Sealed {
  readonly iv: Uint8Array;
  /** The ciphertext, the 16-byte authentication tag appended. */
  readonly ciphertext: Uint8Array;
}

/**
 * Encrypts `plaintext` under a 256-bit key with a fresh random nonce.
 * `associated` is authenticated but not encrypted: unsealing with any
 * other value fails, which binds the ciphertext to where it is stored.
 */
export function seal(
  key: Uint8Array,
  plaintext: string,
  associated: string,
): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associated, 'utf8'));
  const body = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return { iv: new Uint8Array(iv), ciphertext: new Uint8Array(body) };
}

/** Decrypts and authenticates what `seal` produced; throws if tampered. */
export function unseal(
  key: Uint8Array,
  sealed: Sealed,
  associated: string,
): string {
  const { iv, ciphertext } = sealed;
  if (iv.length !== IV_BYTES || ciphertext.length < TAG_BYTES) {
    throw new InvariantError('Sealed data has a malformed nonce or tag');
  }
  const body = ciphertext.subarray(0, ciphertext.length - TAG_BYTES);
  const tag = ciphertext.subarray(ciphertext.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv(CIPHER, key, iv, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(associated, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString(
      'utf8',
    );
  } catch (error) {
    throw new InvariantError('Sealed data failed authentication', {
      cause: error,
    });
  }
}
