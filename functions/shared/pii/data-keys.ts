import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { isRetryableAwsError } from '../aws-errors';
import { kms } from '../clients/kms';
import type { ConversationRef } from '../conversations';
import { InvariantError, TransientError } from '../errors';
import { piiKeyId } from './key-id';
import { DATA_KEY_BYTES } from './sealed';

/** How long a container keeps a conversation's plaintext data key. */
const CACHE_MS = 5 * 60 * 1000;
/** Conversations whose data keys one container keeps at most. */
const CACHE_ENTRIES = 500;

/** A conversation's data key: plaintext for use, encrypted for storage. */
export interface DataKey {
  readonly plaintext: Uint8Array;
  /** The key as KMS encrypted it (`CiphertextBlob`), stored beside the data. */
  readonly encrypted: Uint8Array;
}

interface CachedKey extends DataKey {
  readonly until: number;
}

const cache = new Map<string, CachedKey>();

/** The encryption context that binds a data key to its conversation. */
export const encryptionContext = (ref: ConversationRef) => ({
  tenantId: ref.tenantId,
  conversationId: ref.conversationId,
});

/** A fresh data key for a conversation's first vault (`GenerateDataKey`). */
export async function newDataKey(ref: ConversationRef): Promise<DataKey> {
  const output = await callKms(() =>
    kms.send(
      new GenerateDataKeyCommand({
        KeyId: piiKeyId(),
        KeySpec: 'AES_256',
        EncryptionContext: encryptionContext(ref),
      }),
    ),
  );
  const { Plaintext, CiphertextBlob } = output;
  if (Plaintext?.length !== DATA_KEY_BYTES || !CiphertextBlob) {
    throw new InvariantError('KMS returned no 256-bit data key');
  }
  return remember(ref, { plaintext: Plaintext, encrypted: CiphertextBlob });
}

/**
 * The plaintext of a stored data key: from this container's cache when it
 * decrypted the same key in the last few minutes, else from KMS `Decrypt`
 * under the conversation's encryption context.
 */
export async function openDataKey(
  ref: ConversationRef,
  encrypted: Uint8Array,
): Promise<DataKey> {
  const cached = cache.get(cacheKey(ref));
  if (
    cached &&
    cached.until > Date.now() &&
    Buffer.from(cached.encrypted).equals(Buffer.from(encrypted))
  ) {
    return cached;
  }
  const { Plaintext } = await callKms(() =>
    kms.send(
      new DecryptCommand({
        KeyId: piiKeyId(),
        CiphertextBlob: encrypted,
        EncryptionContext: encryptionContext(ref),
      }),
    ),
  );
  if (Plaintext?.length !== DATA_KEY_BYTES) {
    throw new InvariantError('KMS returned no 256-bit data key');
  }
  return remember(ref, { plaintext: Plaintext, encrypted });
}

/** Forgets every cached data key (tests, key rotation drills). */
export function clearDataKeyCache(): void {
  cache.clear();
}

const cacheKey = (ref: ConversationRef) =>
  `${ref.tenantId}\u0000${ref.conversationId}`;

function remember(ref: ConversationRef, key: DataKey): DataKey {
  const id = cacheKey(ref);
  cache.delete(id);
  if (cache.size >= CACHE_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(id, { ...key, until: Date.now() + CACHE_MS });
  return key;
}

async function callKms<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidCiphertextException') {
      throw new InvariantError(
        'KMS refused the stored vault key for this conversation',
        { cause: error },
      );
    }
    if (!isRetryableAwsError(error)) throw error;
    throw new TransientError('KMS is unavailable', { cause: error });
  }
}
