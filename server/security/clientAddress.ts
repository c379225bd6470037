import type { IncomingMessage } from 'node:http';
import { isIP, isIPv4 } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { SecuritySettings } from './settings';

/**
 * Who is asking, as far as the server can tell. The socket's peer is the client unless it is a
 * configured trusted proxy; only then is X-Forwarded-For read, from the right, skipping further
 * trusted proxies, so a client cannot choose its own address by sending the header itself.
 */
export function clientAddress(req: IncomingMessage, settings: SecuritySettings): string {
  const peer = plainAddress(req.socket.remoteAddress ?? '');
  if (!isTrusted(peer, settings)) return peer;
  const chain = headerValues(req.headers['x-forwarded-for']);
  let client = peer;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = plainAddress(chain[i] ?? '');
    if (isIP(hop) === 0) break;
    client = hop;
    if (!isTrusted(hop, settings)) break;
  }
  return client;
}

/** TLS on the socket itself, or an https X-Forwarded-Proto set by a trusted proxy. */
export function requestIsTls(req: IncomingMessage, settings: SecuritySettings): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted === true) return true;
  const peer = plainAddress(req.socket.remoteAddress ?? '');
  if (!isTrusted(peer, settings)) return false;
  // The value the nearest proxy set is the last one; earlier ones could come from the client.
  return headerValues(req.headers['x-forwarded-proto']).at(-1)?.toLowerCase() === 'https';
}

/**
 * The key an address's attempts are counted under: an IPv4 address itself, an IPv6 address's /64
 * network, since one subscriber usually holds a whole /64 and could otherwise rotate through it.
 *
 * @example addressKey('::ffff:192.0.2.7') // '192.0.2.7'
 * @example addressKey('2001:db8:1:2:aaaa::1') // '2001:db8:1:2::/64'
 */
export function addressKey(address: string): string {
  const plain = plainAddress(address);
  if (isIP(plain) !== 6) return plain;
  const [head = '', tail = ''] = plain.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = plain.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

function plainAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)?.[1];
  return mapped && isIPv4(mapped) ? mapped : trimmed;
}

function isTrusted(address: string, settings: SecuritySettings): boolean {
  const version = isIP(address);
  return version !== 0 && settings.trustedProxies.check(address, version === 4 ? 'ipv4' : 'ipv6');
}

function headerValues(header: string | string[] | undefined): string[] {
  const joined = Array.isArray(header) ? header.join(',') : (header ?? '');
  return joined
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}
