import { BlockList, isIP } from 'node:net';

/**
 * Which hosts a tenant's HTTP tools may reach. Only public addresses are
 * reachable; loopback only when the local runtime allows it, so a tenant
 * configuration can never point a tool at the function's own network
 * (instance metadata, VPC-internal services, other tenants' stand-ins).
 */

/** Set to `true` by the local runtime, whose stand-ins listen on loopback. */
export const LOOPBACK_TOOLS_ENV = 'FRONTLINE_ALLOW_LOOPBACK_TOOLS';

/** Whether loopback tool hosts are allowed in this process, read now. */
export function loopbackToolsAllowed(): boolean {
  return process.env[LOOPBACK_TOOLS_ENV] === 'true';
}

/** How far an address is from the public internet. */
export type AddressKind = 'public' | 'loopback' | 'private';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Private, link-local (instance metadata 169.254.169.254 and fd00:ec2::254
 * among them), carrier-grade NAT, documentation, multicast and reserved
 * ranges, deprecated site-local IPv6, and IPv6 forms that embed an IPv4
 * address a gateway would translate (NAT64 with the well-known or a
 * local-use prefix, SIIT's IPv4-translated addresses, 6to4, Teredo): these
 * are refused whatever IPv4 address they carry. IPv4-mapped IPv6
 * addresses (::ffff:a.b.c.d) are checked as their IPv4 address.
 */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96],
  ['::ffff:0:0:0', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Classifies an IP address; anything that is not one counts as private. */
export function addressKind(address: string): AddressKind {
  const family = isIP(address);
  if (family === 0) return 'private';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (LOOPBACK.check(address, type)) return 'loopback';
  return NON_PUBLIC.check(address, type) ? 'private' : 'public';
}

/**
 * The IP address a URL hostname spells (`[::1]` → `::1`), or `undefined`
 * for a DNS name. The WHATWG URL parser has already turned other IPv4
 * spellings (`0x7f.1`, `2130706433`) into dotted quads.
 */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(bare) === 0 ? undefined : bare;
}

/** `localhost` and its subdomains, which resolve to loopback. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** Whether a URL hostname is a loopback literal or a `localhost` name. */
export function isLoopbackHost(hostname: string): boolean {
  const literal = ipLiteral(hostname);
  return literal
    ? addressKind(literal) === 'loopback'
    : isLocalhostName(hostname);
}
