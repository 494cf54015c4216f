// The example deployment (docs/deploy) must start as shipped and let Mattermost's outgoing webhooks
// through: its bridges accept every name Mattermost may call them by.
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.js';
import { allowedHostnames } from '../../src/http/guards.js';

const compose = readFileSync(new URL('../../../docs/deploy/compose.yaml', import.meta.url), 'utf8');
const nginx = readFileSync(new URL('../../../docs/deploy/nginx.conf', import.meta.url), 'utf8');

/** The `environment:` entries of one service (the file keeps them one `KEY: value` a line). */
function environmentOf(service: string): Record<string, string> {
  const start = compose.search(new RegExp(`^  ${service}:`, 'm'));
  const rest = compose.slice(start + 1);
  const block = rest.slice(0, rest.search(/^ {2}\S/m));
  const env: Record<string, string> = {};
  for (const match of block.matchAll(/^ {6}([A-Z0-9_]+): (.*)$/gm))
    env[match[1]!] = match[2]!.replace(/^'(.*)'$/, '$1');
  return env;
}

describe('docs/deploy', () => {
  const bridge = environmentOf('bridge-1');
  const mattermost = environmentOf('mattermost');

  it('refuses to start until the shared secret is filled in, and loads once it is', () => {
    // A placeholder that passed would be a secret anyone can read, signing confirmations.
    expect(() => loadConfig(bridge)).toThrow(/BRIDGE_REQUEST_STATE_SECRET/);
    const config = loadConfig({ ...bridge, BRIDGE_REQUEST_STATE_SECRET: 'x'.repeat(32) });
    expect(config.REDIS_URL).toBeDefined();
  });

  it('lets the bridges answer every name Mattermost may send webhooks to', () => {
    const config = loadConfig({ ...bridge, BRIDGE_REQUEST_STATE_SECRET: 'x'.repeat(32) });
    const callable =
      mattermost.MM_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS!.split(/\s+/);
    expect(callable).toContain('nginx');
    const accepted = allowedHostnames(
      config.BRIDGE_HOST,
      config.BRIDGE_PUBLIC_URL,
      config.BRIDGE_ALLOWED_HOSTS,
    );
    expect(accepted).toEqual(expect.arrayContaining(callable));
  });

  it('allows plugin uploads, builds on Node 24 and keeps /metrics off the proxy', () => {
    expect(mattermost.MM_PLUGINSETTINGS_ENABLEUPLOADS).toBe('true');
    expect(compose).toMatch(/FROM node:24-/);
    const rule = /location ~\* (\S+) \{\s*deny all;\s*\}/.exec(nginx);
    expect(rule).not.toBeNull();
    // nginx matches the regex case-insensitively (~*); every spelling the bridge serves as /metrics.
    const denied = new RegExp(rule![1]!, 'i');
    for (const path of ['/metrics', '/metrics/', '/METRICS', '//Metrics//'])
      expect(path).toMatch(denied);
    expect('/metricsx').not.toMatch(denied);
  });
});
