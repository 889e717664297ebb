import { GenerateMacCommand } from '@aws-sdk/client-kms';
import { CUSTOMER_REF_PREFIX } from '../../../schemas/ids';
import { isRetryableAwsError } from '../aws-errors';
import { kms } from '../clients/kms';
import { InvariantError, TransientError } from '../errors';
import { CUSTOMER_REF_MAC_ALGORITHM, customerRefKeyId } from './key-id';

/** Bytes of an HMAC-SHA-256. */
const MAC_BYTES = 32;
/** References one container keeps at most. */
const CACHE_ENTRIES = 1000;

const cache = new Map<string, string>();

/**
 * The customer's pseudonymous reference for analytics (`cref_…`, see
 * `CustomerRefSchema`): KMS `GenerateMac` over the tenant and customer ids
 * under the `CUSTOMER_REF_KEY_ID` key, base64url. The key never leaves
 * KMS, so the reference can be neither reversed nor recomputed elsewhere.
 * A warm container asks KMS once per tenant, customer and key.
 *
 * Fails closed: without the key id it throws `InvariantError` before any
 * call; throttling and KMS outages throw `TransientError`.
 *
 * @example
 * await customerRef('acme', '+447700900123');
 * // 'cref_3q2-7wX…' (48 characters)
 */
export async function customerRef(
  tenantId: string,
  customerId: string,
): Promise<string> {
  const keyId = customerRefKeyId();
  const id = JSON.stringify([keyId, tenantId, customerId]);
  const cached = cache.get(id);
  if (cached) return cached;

  const mac = await generateMac(keyId, macMessage(tenantId, customerId));
  const ref = CUSTOMER_REF_PREFIX + Buffer.from(mac).toString('base64url');
  remember(id, ref);
  return ref;
}

/**
 * The bytes the MAC covers: a JSON array, so no pair of ids can run into
 * another (`a` + `bc` and `ab` + `c` differ).
 */
export function macMessage(tenantId: string, customerId: string): Buffer {
  return Buffer.from(JSON.stringify([tenantId, customerId]), 'utf8');
}

/** Forgets every cached reference (tests). */
export function clearCustomerRefCache(): void {
  cache.clear();
}

async function generateMac(
  keyId: string,
  message: Uint8Array,
): Promise<Uint8Array> {
  let mac: Uint8Array | undefined;
  try {
    ({ Mac: mac } = await kms.send(
      new GenerateMacCommand({
        KeyId: keyId,
        Message: message,
        MacAlgorithm: CUSTOMER_REF_MAC_ALGORITHM,
      }),
    ));
  } catch (error) {
    if (!isRetryableAwsError(error)) throw error;
    throw new TransientError('KMS is unavailable', { cause: error });
  }
  if (mac?.length !== MAC_BYTES) {
    throw new InvariantError('KMS returned no 256-bit MAC');
  }
  return mac;
}

function remember(id: string, ref: string): void {
  if (cache.size >= CACHE_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(id, ref);
}
