import { InvalidToken } from './errors';

export interface PageRequest {
  /** 0 or absent: everything from `nextToken` on. */
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** One page of `items` and the token of the next, if any. */
export function page<T>(
  items: readonly T[],
  request: PageRequest,
): { items: T[]; nextToken?: string } {
  const start = request.nextToken ? offsetOf(request.nextToken) : 0;
  const size = request.maxResults || items.length;
  const end = start + size;
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? tokenOf(end) : undefined,
  };
}

function tokenOf(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function offsetOf(token: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString());
    if (Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // Reported below like any other token this engine did not issue.
  }
  throw new InvalidToken('Invalid nextToken');
}
