import { type PageKey, PageKeySchema } from '../../schemas/paging';
import { ValidationError } from './errors';

export { DEFAULT_PAGE_SIZE } from '../../schemas/paging';

/** Which page of a list to read. */
export interface PageRequest {
  /** @default DEFAULT_PAGE_SIZE */
  readonly limit?: number;
  /** The token of the page before; absent, the first page. */
  readonly nextToken?: string;
}

/** A page of a list, and the token of the next one while there is more. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/**
 * Turns the key where a status-index page ended into an opaque token, and
 * back. The token is base64url JSON of the key: it names only the item
 * it stopped at, which the caller may list anyway, so it needs no secret.
 */
export function encodePageToken(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The key a token carries. Throws `ValidationError` when the token is not
 * one a page returned, or belongs to another listing (`indexPk`): a token
 * of one tenant's list can never read another's.
 */
export function decodePageToken(token: string, indexPk: string): PageKey {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = PageKeySchema.safeParse(json);
  if (!parsed.success || parsed.data.gsi1pk !== indexPk) throw invalid();
  return parsed.data;
}

const invalid = () =>
  new ValidationError('nextToken is not a token this list returned');
