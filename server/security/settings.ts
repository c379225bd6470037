import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

/**
 * How HQ sessions and client addresses are judged (docs/operations.md §9). Read once at start-up
 * from the environment, like the rest of the configuration.
 */
export type SecuritySettings = {
  /** Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; nobody else's are. */
  trustedProxies: BlockList;
  /** Every request counts as TLS for the session cookie (`SECURE_COOKIES=1` or an https PUBLIC_URL). */
  secureCookies: boolean;
  /** The origin people open HQ at (`PUBLIC_URL`), accepted by the Origin check. */
  publicOrigin: string | null;
};

export const defaultSecuritySettings: SecuritySettings = {
  trustedProxies: new BlockList(),
  secureCookies: false,
  publicOrigin: null,
};

/** An address or a CIDR block: `10.0.0.0/8`, `192.0.2.7`, `fd00::/8`, `::1`. */
const cidr = z.string().refine((text) => parseCidr(text) !== null, 'not an IP address or CIDR block');

/**
 * The environment variables of these settings, part of the server's one environment schema
 * (server/env.ts). TRUSTED_PROXIES is a comma-separated list, checked entry by entry.
 */
export const securityEnvFields = {
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(cidr)),
  SECURE_COOKIES: z.enum(['', '0', '1']).default(''),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'PUBLIC_URL must be an http:// or https:// URL' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
};

export type SecurityOptions = { trustedProxies?: string[]; secureCookies?: boolean; publicUrl?: string };

/** Settings from plain values (tests and start-up); throws on a malformed proxy entry. */
export function makeSecuritySettings(options: SecurityOptions = {}): SecuritySettings {
  const trustedProxies = new BlockList();
  for (const entry of options.trustedProxies ?? []) {
    const block = parseCidr(entry);
    if (!block)
      throw new Error(`TRUSTED_PROXIES: ${JSON.stringify(entry)} is not an IP address or CIDR block`);
    trustedProxies.addSubnet(block.address, block.prefix, block.family);
  }
  const publicUrl = options.publicUrl ? new URL(options.publicUrl) : null;
  return {
    trustedProxies,
    secureCookies: options.secureCookies === true || publicUrl?.protocol === 'https:',
    publicOrigin: publicUrl?.origin ?? null,
  };
}

function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, ...rest] = text.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}
