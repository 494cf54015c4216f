import type { RequestHandler } from 'express';

/** Hostnames (no port) the Host header may name: the bind address, the public URL, loopback names. */
export function allowedHostnames(
  bindHost: string,
  publicUrl: string | undefined,
  extra: readonly string[] = [],
): string[] {
  const names = new Set(['localhost', '127.0.0.1', '[::1]', ...extra.map((h) => h.toLowerCase())]);
  if (!['0.0.0.0', '::', ''].includes(bindHost))
    names.add(bindHost.includes(':') ? `[${bindHost}]` : bindHost);
  if (publicUrl) names.add(new URL(publicUrl).hostname);
  return [...names];
}

/** Browser origins allowed: the configured ones, else the Mattermost site (its plugin reads /health). */
export function allowedOrigins(
  configured: readonly string[] | undefined,
  mattermostUrl: string,
): string[] {
  const list = configured?.length ? configured : [mattermostUrl];
  return list.map((origin) => (origin === '*' ? origin : new URL(origin).origin));
}

/**
 * CORS for the read-only status endpoints: the exact allowed origins may read them. `/mcp` sends no
 * CORS headers, so a web page cannot drive the bridge with a user's token.
 */
export function statusCors(origins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.header('origin');
    if (origin && (origins.includes(origin) || origins.includes('*'))) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET');
      res.status(204).end();
      return;
    }
    next();
  };
}
