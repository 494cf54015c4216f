// Whether Mattermost would call a host only when an admin allows it. Mattermost refuses outgoing
// requests (webhooks among them) to loopback, private and link-local addresses, and to its own,
// unless the host is listed in ServiceSettings.AllowedUntrustedInternalConnections: hostnames,
// IP addresses or CIDR ranges separated by spaces or commas. The browser cannot resolve names, so
// only addresses and names that are internal by nature (localhost, one-label names) are judged.

function ipv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))
    return undefined;
  return parts.map(Number);
}

function ipv4Number(octets: number[]): number {
  return octets.reduce((n, octet) => n * 256 + octet, 0);
}

const PRIVATE_V4: [string, number][] = [
  ['127.0.0.0', 8],
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['169.254.0.0', 16],
  ['100.64.0.0', 10],
  ['0.0.0.0', 8],
];

function inCidr(octets: number[], base: string, bits: number): boolean {
  const baseOctets = ipv4(base);
  if (!baseOctets || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(ipv4Number(octets) / size) === Math.floor(ipv4Number(baseOctets) / size);
}

/** The hostname without IPv6 brackets, lower case. */
function bare(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, '');
}

/** True when Mattermost treats `hostname` as internal, so calls to it need the admin's allowance. */
export function isInternalHost(hostname: string): boolean {
  const host = bare(hostname);
  if (host.includes(':')) return isInternalV6(host);
  const v4 = ipv4(host);
  if (v4) return PRIVATE_V4.some(([base, bits]) => inCidr(v4, base, bits));
  // One-label names (e.g. "bridge" in a Docker network) resolve to internal addresses.
  return host === 'localhost' || host.endsWith('.localhost') || !host.includes('.');
}

function isInternalV6(host: string): boolean {
  return host === '::1' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
}

/** The entries of AllowedUntrustedInternalConnections. */
export function allowedEntries(setting: unknown): string[] {
  return typeof setting === 'string' ? setting.split(/[\s,]+/).filter(Boolean) : [];
}

/** True when the setting lets Mattermost call `hostname` (by name, address or CIDR range). */
export function isAllowedInternal(hostname: string, setting: unknown): boolean {
  const host = bare(hostname);
  const v4 = ipv4(host);
  return allowedEntries(setting).some((entry) => {
    const [base, bits] = entry.split('/');
    if (bits !== undefined && v4 && base) return inCidr(v4, base, Number(bits));
    return bare(entry) === host;
  });
}

/** The setting with `hostname` added, the entries already there kept. */
export function withAllowedHost(setting: unknown, hostname: string): string {
  const entries = allowedEntries(setting);
  if (isAllowedInternal(hostname, setting)) return entries.join(' ');
  return [...entries, bare(hostname)].join(' ');
}
