// Reads the bridge's `GET /health`, which the bridge makes readable from the Mattermost site (CORS).
// It answers 200 when healthy and 503 with the same JSON when Mattermost is unreachable from it.
import type { Client } from '../client/client';
import { NetworkError } from '../client/errors';

export interface BridgeHealth {
  status: string;
  version?: string;
  sessions?: number;
  mattermost?: { reachable?: boolean; latency_ms?: number };
}

export type HealthCheck =
  | { kind: 'answered'; httpStatus: number; health: BridgeHealth }
  | { kind: 'unreachable'; reason: string }
  /** An http bridge seen from an https page: the browser blocks the request before it leaves. */
  | { kind: 'mixed-content' }
  | { kind: 'unexpected'; httpStatus: number };

/** True when a page of `siteUrl` may not fetch `bridgeUrl`: https page, http bridge. */
export function isMixedContent(siteUrl: string, bridgeUrl: string): boolean {
  return siteUrl.startsWith('https:') && bridgeUrl.startsWith('http:');
}

export async function checkBridgeHealth(client: Client, bridgeUrl: string): Promise<HealthCheck> {
  if (isMixedContent(client.siteUrl, bridgeUrl)) return { kind: 'mixed-content' };
  let response: Response;
  try {
    response = await client.getExternal(`${bridgeUrl}/health`);
  } catch (err) {
    if (err instanceof NetworkError) return { kind: 'unreachable', reason: err.message };
    throw err;
  }
  const health = parseHealth(await response.text());
  if (!health) return { kind: 'unexpected', httpStatus: response.status };
  return { kind: 'answered', httpStatus: response.status, health };
}

function parseHealth(text: string): BridgeHealth | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  if (typeof record.status !== 'string') return undefined;
  const mattermost = record.mattermost as Record<string, unknown> | undefined;
  return {
    status: record.status,
    version: typeof record.version === 'string' ? record.version : undefined,
    sessions: typeof record.sessions === 'number' ? record.sessions : undefined,
    mattermost:
      typeof mattermost === 'object' && mattermost !== null
        ? {
            reachable: typeof mattermost.reachable === 'boolean' ? mattermost.reachable : undefined,
            latency_ms:
              typeof mattermost.latency_ms === 'number' ? mattermost.latency_ms : undefined,
          }
        : undefined,
  };
}

/** One line for people: what the check found. */
export function summarizeHealth(
  check: HealthCheck,
  audience: 'admin' | 'user' = 'admin',
): { tone: 'ok' | 'warning' | 'error'; text: string } {
  if (check.kind === 'mixed-content') {
    return {
      tone: 'error',
      text:
        audience === 'user'
          ? 'The bridge has an insecure (http) address while Mattermost is https, so browsers block it. Tell a system admin.'
          : 'Mixed content: this page is https and the Bridge URL is http, so browsers block every request to the bridge (this page, users’ settings, browser-based assistants). Serve the bridge over https, for example behind your reverse proxy, and save its https URL.',
    };
  }
  if (audience === 'user' && check.kind !== 'answered') {
    return {
      tone: 'error',
      text: 'The bridge is not answering right now. If this lasts, tell a system admin.',
    };
  }
  switch (check.kind) {
    case 'unreachable':
      return {
        tone: 'error',
        text: `The bridge is unreachable. ${check.reason}. Check that it is running, that the URL is right, and that it allows this site in BRIDGE_ALLOWED_ORIGINS.`,
      };
    case 'unexpected':
      return {
        tone: 'error',
        text: `Something answered with HTTP ${check.httpStatus}, but not the bridge's health report. Check the Bridge URL.`,
      };
    case 'answered': {
      const { health } = check;
      if (health.status === 'ok')
        return { tone: 'ok', text: 'The bridge is running and reaches Mattermost.' };
      if (health.mattermost?.reachable === false)
        return { tone: 'error', text: 'The bridge is running but cannot reach Mattermost.' };
      return { tone: 'warning', text: `The bridge is running but reports "${health.status}".` };
    }
  }
}
