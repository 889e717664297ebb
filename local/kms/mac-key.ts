import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  KmsError,
  LocalKmsKey,
  openStoredKey,
  type StoredKey,
} from './keyring';

/** Alias the local runtime hands the functions as `CUSTOMER_REF_KEY_ID`. */
export const LOCAL_CUSTOMER_REF_ALIAS = 'alias/frontline-customer-ref';

/** The one MAC algorithm of an `HMAC_256` key. */
const MAC_ALGORITHM = 'HMAC_SHA_256';
/** Bytes a `GenerateMac` message may hold, as on KMS. */
const MAX_MESSAGE_BYTES = 4096;

/**
 * One HMAC KMS key (`HMAC_256`, `GENERATE_VERIFY_MAC`), held locally: it
 * makes and checks HMAC-SHA-256 tags as KMS `GenerateMac` and `VerifyMac`
 * do, so the same message always gets the same tag under the same key.
 */
export class LocalMacKey extends LocalKmsKey {
  private constructor(stored: StoredKey, region: string, account: string) {
    super(stored, LOCAL_CUSTOMER_REF_ALIAS, region, account);
  }

  /**
   * The key: read from `file`, or created there (readable by the owner
   * only); in memory for this process when no file is given.
   */
  static open(
    file: string | undefined,
    region = 'us-east-1',
    account = '000000000000',
  ): LocalMacKey {
    return new LocalMacKey(openStoredKey(file), region, account);
  }

  /** The HMAC-SHA-256 of `message`; `algorithm` must be `HMAC_SHA_256`. */
  generate(message: Buffer, algorithm: unknown): Buffer {
    if (algorithm !== MAC_ALGORITHM) {
      throw new KmsError(
        'InvalidKeyUsageException',
        `MacAlgorithm ${String(algorithm)} is not valid for an HMAC_256 key`,
      );
    }
    if (message.length < 1 || message.length > MAX_MESSAGE_BYTES) {
      throw new KmsError(
        'ValidationException',
        `Message must hold 1-${MAX_MESSAGE_BYTES} bytes`,
      );
    }
    return createHmac('sha256', this.material).update(message).digest();
  }

  /** Throws `KMSInvalidMacException` unless `mac` is the tag of `message`. */
  verify(message: Buffer, mac: Buffer, algorithm: unknown): void {
    const expected = this.generate(message, algorithm);
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
      throw new KmsError(
        'KMSInvalidMacException',
        'The MAC does not match the message',
      );
    }
  }
}
