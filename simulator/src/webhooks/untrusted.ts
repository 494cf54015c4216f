import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Mattermost's outgoing HTTP client for integrations refuses reserved addresses (loopback,
 * private, link-local, shared, multicast…) unless `ServiceSettings.AllowedUntrustedInternalConnections`
 * lists the host name, the address or a CIDR holding it (`services/httpservice`, `IsReservedIP`).
 */
const RESERVED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  RESERVED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::1', 128],
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['::ffff:0:0', 96],
] as const)
  RESERVED.addSubnet(net, prefix, 'ipv6');

function isReserved(address: string): boolean {
  const family = isIP(address);
  return family === 0 || RESERVED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Whether `allowed` (the setting, space separated) names the host or holds the address. */
function isAllowed(allowed: string, host: string, address: string): boolean {
  for (const entry of allowed.split(/\s+/).filter(Boolean)) {
    if (entry === host || entry === address) return true;
    const [net, bits] = entry.split('/');
    const family = net ? isIP(net) : 0;
    if (family === 0 || bits === undefined || family !== isIP(address)) continue;
    const list = new BlockList();
    list.addSubnet(net!, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
    if (list.check(address, family === 4 ? 'ipv4' : 'ipv6')) return true;
  }
  return false;
}

/** Why Mattermost would not call `url`, or undefined when it would. */
export async function untrustedRefusal(url: string, allowed: string): Promise<string | undefined> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  for (const address of addresses) {
    if (isReserved(address) && !isAllowed(allowed, host, address))
      return `address forbidden, you may need to set AllowedUntrustedInternalConnections to allow an integration access to your internal network: ${host} (${address})`;
  }
  return undefined;
}
