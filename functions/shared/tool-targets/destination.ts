import { lookup as dnsLookup } from 'node:dns/promises';
import {
  addressKind,
  ipLiteral,
  isLoopbackHost,
  loopbackToolsAllowed,
} from '../../../schemas/tools/hosts';
import { logger } from '../observability';
import { ToolError } from '../store/errors';

/** Resolves a host name to every address it has. */
export type Lookup = (hostname: string) => Promise<string[]>;

export const systemLookup: Lookup = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
};

/**
 * A host the tool may not call: not on the tenant's allowed hosts, or
 * resolving to an address off the public internet.
 */
export class RefusedDestinationError extends ToolError {}

/**
 * Checks, right before a call, that the URL's host is on the tenant's
 * allowed hosts (exact name) and that every address it resolves to is
 * public: private, link-local (instance metadata), carrier-grade NAT and
 * their IPv6 equivalents are refused, and loopback too unless the local
 * runtime allowed it. DNS failures are thrown as they are, for the caller
 * to retry. Returns the address to connect to: the call goes there and
 * nowhere else (`pinnedFetch`), so a DNS answer that changes after the
 * check cannot redirect it.
 */
export async function checkDestination(
  toolName: string,
  url: URL,
  allowedHosts: readonly string[],
  lookup: Lookup,
): Promise<string> {
  const host = url.hostname;
  const refuse = (reason: string) => {
    logger.warn('Tool destination refused', { tool: toolName, host, reason });
    return new RefusedDestinationError(
      `${toolName} is not available: its backend address is not allowed`,
    );
  };
  if (!allowedHosts.includes(host)) throw refuse('host not allowed');
  const loopback = isLoopbackHost(host);
  if (url.protocol !== 'https:' && !loopback) throw refuse('not https');

  const literal = ipLiteral(host);
  const addresses = literal ? [literal] : await lookup(host);
  const allowLoopback = loopbackToolsAllowed();
  const refused = addresses.find((address) => {
    const kind = addressKind(address);
    return kind === 'private' || (kind === 'loopback' && !allowLoopback);
  });
  const [first] = addresses;
  if (first === undefined || refused !== undefined) {
    throw refuse(`resolves to ${refused ?? 'no address'}`);
  }
  return first;
}
