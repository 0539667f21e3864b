import dns from 'node:dns/promises';
import net from 'node:net';
import { Refusal } from '../errors';

/**
 * Addresses a webhook may not reach: this machine, the private networks behind it, link-local
 * (cloud metadata at 169.254.169.254), shared, reserved, documentation and multicast ranges.
 * Node's BlockList also matches IPv4 rules against IPv4-mapped IPv6 addresses (::ffff:10.0.0.1).
 */
const BLOCKED = (() => {
  const list = new net.BlockList();
  const v4: Array<[string, number]> = [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
    ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
    ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
  ];
  const v6: Array<[string, number]> = [
    ['::', 128], ['::1', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
  ];
  for (const [a, p] of v4) list.addSubnet(a, p, 'ipv4');
  for (const [a, p] of v6) list.addSubnet(a, p, 'ipv6');
  return list;
})();

export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface ResolvedTarget {
  url: URL;
  /** Every address the host resolved to, all of them allowed: the request connects to these only. */
  addresses: Array<{ address: string; family: 4 | 6 }>;
}

/** An http(s) URL without credentials, or a refusal naming the field. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Refusal('webhook_url', { url: raw }, 'url');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '' || url.hostname === '') {
    throw new Refusal('webhook_url', { url: raw }, 'url');
  }
  return url;
}

/**
 * Resolves the URL's host (dns.lookup, all addresses: what the operating system would connect
 * to) and refuses it when any address is private, unless allowed. Done at registration and again
 * before every delivery, whose request then connects to exactly these addresses, so a name that
 * changes its answer between the check and the request (DNS rebinding) cannot reach inside.
 */
export async function resolveTarget(raw: string, options: { allowPrivate: boolean; lookup?: typeof dns.lookup }): Promise<ResolvedTarget> {
  const url = parseWebhookUrl(raw);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let found: Array<{ address: string; family: number }>;
  try {
    found = await (options.lookup ?? dns.lookup)(host, { all: true, verbatim: true });
  } catch {
    throw new Refusal('webhook_host_unknown', { host }, 'url');
  }
  if (found.length === 0) throw new Refusal('webhook_host_unknown', { host }, 'url');
  const addresses = found.map((a) => ({ address: a.address, family: (a.family === 6 ? 6 : 4) as 4 | 6 }));
  if (!options.allowPrivate) {
    const inside = addresses.find((a) => isPrivateAddress(a.address));
    if (inside) throw new Refusal('webhook_private', { host, address: inside.address }, 'url');
  }
  return { url, addresses };
}
