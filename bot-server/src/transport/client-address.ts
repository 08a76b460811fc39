/**
 * The client's address for per-address limits and audit, behind reverse proxies we trust (TRUSTED_PROXIES).
 *
 * X-Forwarded-For is written by whoever sent the request, so it is read only when the direct peer is a trusted
 * proxy, and then from the right: each trusted proxy appends the address it received the request from, so the
 * right-most address that is not one of ours is the first one nobody we trust vouches for. Everything to its left
 * may be made up by the client and is ignored. IPv4-mapped IPv6 addresses (::ffff:127.0.0.1, what a dual-stack
 * socket reports) are the IPv4 address, so one rule covers both.
 */
import { BlockList, isIP } from 'node:net';

export interface TrustedProxies {
  /** Whether `address` (already normalised, or raw from a socket) is one of the trusted proxies. */
  trusts(address: string): boolean;
  /** Nothing is trusted: the header is never read. */
  readonly empty: boolean;
}

/** "10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"; an entry that is neither is a RangeError (config validates first). */
export function parseTrustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const raw of entries) {
    const [host = '', bits, extra] = raw.trim().split('/');
    const address = normaliseAddress(host);
    const family = isIP(address);
    if (family === 0 || extra !== undefined) throw new RangeError(`"${raw}" is not an IP address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const prefix = Number(bits);
    if (!/^\d{1,3}$/.test(bits) || prefix > (family === 4 ? 32 : 128))
      throw new RangeError(`"${raw}" has an invalid prefix length`);
    list.addSubnet(address, prefix, type);
  }
  const empty = entries.length === 0;
  return {
    empty,
    trusts(address) {
      if (empty) return false;
      const a = normaliseAddress(address);
      const family = isIP(a);
      return family !== 0 && list.check(a, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/** ::ffff:a.b.c.d -> a.b.c.d; brackets and zone ids dropped; anything else unchanged. */
export function normaliseAddress(address: string): string {
  let a = address.trim();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const zone = a.indexOf('%');
  if (zone > 0 && a.includes(':')) a = a.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  return mapped?.[1] ?? a.toLowerCase();
}

/**
 * The address to count a request against: the direct peer, unless it is a trusted proxy; then the right-most
 * X-Forwarded-For entry that is not trusted (the left-most when every one is). An entry that is not an address
 * stops the walk at the last hop known good: a broken header never lets the client choose.
 */
export function clientAddressOf(
  peer: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trusted: TrustedProxies,
): string {
  let client = peer === undefined ? 'unknown' : normaliseAddress(peer);
  if (trusted.empty || !trusted.trusts(client) || forwardedFor === undefined) return client;
  // Several X-Forwarded-For headers are one list, in order (RFC 7230 3.2.2).
  const hops = (typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(',')).split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(hops[i] ?? '');
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!trusted.trusts(hop)) return client;
  }
  return client;
}
