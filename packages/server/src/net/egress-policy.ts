import { ToolRouterError } from '@toolrouter/core';
import ipaddr from 'ipaddr.js';

/**
 * The pure half of the egress guard: which addresses count as private or special, and what the
 * operator (and projects) allowlisted. No I/O here, so every rule can be tested over a table.
 */

/** Operator setting: comma-separated hosts, IPs and CIDRs that may be reached even if private. */
export const EGRESS_ALLOW_ENV = 'TOOLROUTER_EGRESS_ALLOW';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

export interface EgressAllowlist {
  /** Normalized hostnames (lowercase, no trailing dot). */
  readonly hosts: ReadonlySet<string>;
  /** Single addresses are stored as /32 or /128 ranges. */
  readonly ranges: readonly Cidr[];
}

export const EMPTY_ALLOWLIST: EgressAllowlist = { hosts: new Set(), ranges: [] };

// IPv4-compatible IPv6 (::a.b.c.d, deprecated) is classed as plain 'unicast' by ipaddr.js, yet
// some stacks still route it to the embedded IPv4 address, so it is treated as special. (The
// dotted spelling `::127.0.0.1` is parsed by ipaddr.js as IPv4-mapped and so is judged by its
// IPv4 address, which is at least as strict.)
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');
// NAT64's well-known prefix embeds a real IPv4 address; judge it by that address so IPv6-only
// hosts behind DNS64 can still reach public services but not 64:ff9b::127.0.0.1.
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Lowercase, strip IPv6 brackets and a trailing dot, and print IP literals canonically. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return isIpLiteral(h) ? ipaddr.parse(h).toString() : h;
}

/**
 * Strict literal check: only dotted-quad IPv4 or IPv6. ipaddr.js also accepts forms such as
 * `0x7f.1`, which WHATWG URLs normalize away and which would be confusing in an allowlist.
 */
export function isIpLiteral(host: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(host) || ipaddr.IPv6.isValid(host);
}

function parseAddress(address: string): Address | undefined {
  return isIpLiteral(address) ? ipaddr.parse(address) : undefined;
}

/** IPv4-mapped IPv6 reaches the IPv4 host on dual-stack sockets, so judge the IPv4 address. */
function unwrap(addr: Address): Address {
  return addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr;
}

/**
 * The ipaddr.js range name when `address` is private or special (loopback, RFC 1918, link-local
 * incl. cloud metadata, CGNAT, unique-local, multicast, unspecified, reserved, ...), or `null`
 * for an ordinary public unicast address. Anything that is not an IP literal counts as special.
 */
export function specialRange(address: string): string | null {
  const parsed = parseAddress(address);
  if (parsed === undefined) return 'invalid';
  const addr = unwrap(parsed);
  if (addr.kind() === 'ipv4') {
    const range = (addr as ipaddr.IPv4).range();
    return range === 'unicast' ? null : range;
  }
  const v6 = addr as ipaddr.IPv6;
  if (v6.match(NAT64_WELL_KNOWN)) {
    const [, , , , , , hi = 0, lo = 0] = v6.parts;
    return specialRange(`${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`);
  }
  const range = v6.range();
  if (range !== 'unicast') return range;
  return v6.match(IPV4_COMPATIBLE) ? 'ipv4Compatible' : null;
}

/** Parse one allowlist entry; returns an error line instead of throwing so callers can collect. */
export function parseAllowEntry(entry: string): { host: string } | { range: Cidr } | { error: string } {
  const raw = entry.trim();
  if (raw.includes('/')) {
    const [addr = '', bits = ''] = raw.split('/');
    if (isIpLiteral(addr) && /^\d{1,3}$/.test(bits) && ipaddr.isValidCIDR(raw)) {
      const [base, prefix] = ipaddr.parseCIDR(raw);
      return { range: [base, prefix] };
    }
    return { error: `"${raw}" is not a valid CIDR range (e.g. 10.0.0.0/8 or fc00::/7)` };
  }
  const host = normalizeHost(raw);
  if (isIpLiteral(host)) {
    const addr = unwrap(ipaddr.parse(host));
    return { range: [addr, addr.kind() === 'ipv4' ? 32 : 128] };
  }
  const labels = host.split('.');
  // A numeric last label would be parsed as IPv4 by URLs, so it can never match a hostname.
  if (labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1] ?? '')) {
    return { host };
  }
  return { error: `"${raw}" is not a hostname, IP address or CIDR range` };
}

/**
 * Parse a list (or comma-separated string) of hosts, IPs and CIDRs. Invalid entries throw one
 * VALIDATION_FAILED error listing all of them: a silently ignored typo would quietly block or
 * allow traffic.
 */
export function parseAllowlist(input: string | readonly string[] | undefined): EgressAllowlist {
  const entries = (typeof input === 'string' ? input.split(',') : (input ?? [])).map((e) => e.trim()).filter((e) => e !== '');
  const hosts = new Set<string>();
  const ranges: Cidr[] = [];
  const errors: string[] = [];
  for (const entry of entries) {
    const parsed = parseAllowEntry(entry);
    if ('error' in parsed) errors.push(parsed.error);
    else if ('host' in parsed) hosts.add(parsed.host);
    else ranges.push(parsed.range);
  }
  if (errors.length > 0) {
    throw new ToolRouterError('VALIDATION_FAILED', `Invalid egress allowlist: ${errors.join('; ')}`, {
      errors,
      suggestedFix: `List hostnames, IP addresses or CIDR ranges, comma-separated (see ${EGRESS_ALLOW_ENV}).`,
    });
  }
  return { hosts, ranges };
}

/** Union of allowlists, e.g. the operator's plus a project's. */
export function mergeAllowlists(...lists: readonly EgressAllowlist[]): EgressAllowlist {
  return {
    hosts: new Set(lists.flatMap((l) => [...l.hosts])),
    ranges: lists.flatMap((l) => l.ranges),
  };
}

export function isHostAllowlisted(list: EgressAllowlist, host: string): boolean {
  return list.hosts.has(normalizeHost(host));
}

export function isAddressAllowlisted(list: EgressAllowlist, address: string): boolean {
  const parsed = parseAddress(address);
  if (parsed === undefined) return false;
  // Match both spellings so `127.0.0.1` also covers `::ffff:127.0.0.1` and vice versa.
  const candidates = [parsed, unwrap(parsed)];
  return list.ranges.some(([base, bits]) => candidates.some((c) => c.kind() === base.kind() && c.match(base, bits)));
}

export type AddressVerdict = { allowed: true } | { allowed: false; address: string; range: string };

/**
 * Decide whether a host with these resolved addresses may be contacted. A host allowlisted by
 * name may resolve anywhere; otherwise EVERY special address must be allowlisted itself, since
 * an attacker controlling DNS can return a mix of public and private answers.
 */
export function checkAddresses(host: string, addresses: readonly string[], list: EgressAllowlist): AddressVerdict {
  if (isHostAllowlisted(list, host)) return { allowed: true };
  for (const address of addresses) {
    const range = specialRange(address);
    if (range !== null && !isAddressAllowlisted(list, address)) {
      return { allowed: false, address, range };
    }
  }
  return { allowed: true };
}
