import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a UTF-8 string, as lower-case hex. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A new bearer token: 32 random bytes, base64url. */
export function newBearerToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Whether `token` hashes to `expectedSha256Hex`, compared in constant time
 * so the comparison does not reveal how much of the hash matched.
 */
export function tokenMatches(
  token: string,
  expectedSha256Hex: string,
): boolean {
  const actual = Buffer.from(sha256Hex(token), 'hex');
  const expected = Buffer.from(expectedSha256Hex.toLowerCase(), 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
