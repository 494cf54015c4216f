// The Bridge URL as admins type it, made canonical: http(s) only, no trailing slash, so `${url}/mcp`
// and `${url}/health` are always well formed.

export function normalizeBridgeUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.search || parsed.hash || parsed.username || parsed.password) return undefined;
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

export function mcpEndpoint(bridgeUrl: string): string {
  return `${bridgeUrl}/mcp`;
}
