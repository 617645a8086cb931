import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';

/**
 * The address a request came from, for per-client limits. By default the socket's peer address:
 * X-Forwarded-For is written by whoever sends the request, so it is believed only when the peer
 * is one of the operator's trusted proxies (TOOLROUTER_TRUSTED_PROXIES). Then the client is the
 * right-most address in the header that is not itself a trusted proxy (left-most entries are
 * whatever the client chose to send).
 */
export function clientAddressResolver(trustedProxies: readonly string[]): (c: Context) => string {
  const trusted = proxyList(trustedProxies);
  return (c) => {
    const peer = socketAddress(c);
    if (!trusted || peer === undefined || !isTrusted(trusted, peer)) return peer ?? 'unknown';
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => normalize(s.trim()))
      .filter((s) => isIP(s) !== 0);
    for (let i = forwarded.length - 1; i >= 0; i--) {
      if (!isTrusted(trusted, forwarded[i]!)) return forwarded[i]!;
    }
    return forwarded[0] ?? peer;
  };
}

function proxyList(entries: readonly string[]): BlockList | undefined {
  if (entries.length === 0) return undefined;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** The Node binding passes its IncomingMessage as `env.incoming`; in-process test calls have none. */
function socketAddress(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const address = incoming?.socket?.remoteAddress;
  return address === undefined ? undefined : normalize(address);
}

/** An IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d; one client, one spelling. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
