import type { RequestHandler } from 'express';
import { hostHeaderValidation } from '@modelcontextprotocol/express';
import type { Logger } from '../observability/logger.js';

/** How many distinct refused Host names are logged; more would let any client fill the log. */
const MAX_HOSTS_LOGGED = 32;

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

/**
 * DNS rebinding protection: a Host outside `allowed` gets the SDK's 403 "Invalid Host". Each distinct
 * refused Host is also logged once at warn with the fix, since a bridge behind a proxy or in a
 * container network is otherwise refused with no word in its log; at most MAX_HOSTS_LOGGED of them.
 */
export function hostGuard(allowed: readonly string[], log: Logger): RequestHandler {
  const validate = hostHeaderValidation([...allowed]);
  const logged = new Set<string>();
  return (req, res, next) => {
    let passed = false;
    validate(req, res, () => (passed = true));
    if (passed) return next();
    const host = (req.headers.host ?? '').slice(0, 255).toLowerCase();
    if (logged.has(host) || logged.size >= MAX_HOSTS_LOGGED) return;
    logged.add(host);
    log.warn(
      {
        host,
        allowed_hosts: allowed,
        ...(logged.size === MAX_HOSTS_LOGGED ? { further_hosts: 'not logged' } : {}),
      },
      'request refused (403 Invalid Host): its Host header names none of the allowed hosts; ' +
        'set BRIDGE_PUBLIC_URL to the URL clients use, or add the name to BRIDGE_ALLOWED_HOSTS',
    );
  };
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

/**
 * RFC 9112 §3.2: a request with more than one Host line gets 400. Node reads the first; a proxy in
 * front may route by the last, and the two must never disagree about which site was asked.
 */
export const singleHostHeader: RequestHandler = (req, res, next) => {
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    if (req.rawHeaders[i]!.toLowerCase() === 'host') hosts++;
  if (hosts > 1) {
    res.status(400).json({ error: 'bad_request', error_description: 'More than one Host header.' });
    return;
  }
  next();
};

/**
 * Refuses a body declared larger than `limit` before reading it. A body up to a few times the limit
 * is read and dropped first, so the client, still sending, gets the 413 and its message instead of
 * a connection reset ("fetch failed"); anything larger is refused at once and the connection
 * closed, since a client could withhold the bytes it declared.
 */
export function declaredBodyLimit(limit: number): RequestHandler {
  const drainable = Math.min(limit * 4, 64 * 1024 * 1024);
  return (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared <= limit) return next();
    const refuse = () =>
      res.status(413).json({
        jsonrpc: '2.0',
        error: {
          code: -32600,
          message: `Request body of ${declared} bytes; the bridge accepts at most ${limit}.`,
        },
        id: null,
      });
    if (declared > drainable) {
      res.setHeader('Connection', 'close');
      refuse();
      return;
    }
    req.on('end', refuse);
    req.resume();
  };
}

/**
 * `/mcp` from a browser: only the exact origins allowed (scheme, host and port) and the bridge's
 * own public origin. A request without `Origin` (any non-browser client) passes; any other origin,
 * `null` included, gets 403, so a page on another port of localhost cannot drive the bridge.
 */
export function exactOrigin(origins: () => readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.header('origin');
    if (origin === undefined) return next();
    const allowed = origins();
    if (allowed.includes('*') || allowed.includes(origin)) return next();
    res.status(403).json({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Forbidden: this Origin may not use the bridge.' },
      id: null,
    });
  };
}
