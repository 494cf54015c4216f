import { assessNeeds, type ReadinessFacts } from '../../../src/admin/readiness/needs';
import {
  isAllowedInternal,
  isInternalHost,
  withAllowedHost,
} from '../../../src/admin/readiness/internal-hosts';
import type { MattermostUser } from '../../../src/bridge/bot';

const BRIDGE = 'http://10.0.0.5:8787';

const bot = (extra: Partial<MattermostUser> = {}): MattermostUser => ({
  id: 'b'.repeat(26),
  username: 'mcp-bridge',
  roles: 'system_user',
  delete_at: 0,
  is_bot: true,
  ...extra,
});

/** A default server: tokens, bots and the OAuth provider off; nothing provisioned. */
function facts(extra: Partial<ReadinessFacts> = {}): ReadinessFacts {
  return {
    config: {
      ServiceSettings: {
        EnableUserAccessTokens: false,
        EnableBotAccountCreation: false,
        EnableOAuthServiceProvider: false,
        AllowedUntrustedInternalConnections: '',
      },
    },
    bridgeUrl: BRIDGE,
    bridgeUsesOAuth: false,
    hooksToBridge: 0,
    ...extra,
  };
}

const byId = (f: ReadinessFacts) => Object.fromEntries(assessNeeds(f).map((n) => [n.id, n]));

describe('readiness needs', () => {
  test('a default server: every need but the optional ones needs action, each with its fix', () => {
    const needs = byId(facts());
    expect(needs.tokens).toMatchObject({ state: 'missing', fix: { id: 'enable-tokens' } });
    expect(needs.bots).toMatchObject({ state: 'missing', fix: { id: 'enable-bots' } });
    expect(needs.bot).toMatchObject({ state: 'missing', fix: { id: 'create-bot' } });
    expect(needs.oauth).toMatchObject({ state: 'optional', fix: { id: 'register-oauth' } });
    expect(needs.reachable).toMatchObject({ state: 'missing' });
    expect(needs['webhook-host']).toMatchObject({
      state: 'optional',
      fix: { id: 'allow-webhook-host', label: 'Allow Mattermost to call 10.0.0.5' },
    });
  });

  test('a provisioned bot that no bridge uses yet asks for a token; one that advertises holds', () => {
    expect(byId(facts({ bot: bot() })).bot).toMatchObject({
      state: 'missing',
      fix: { id: 'issue-token' },
    });
    expect(byId(facts({ bot: bot() })).bots?.state).toBe('holds');
    const running = byId(facts({ bot: bot({ props: { mcp_bridge_url: BRIDGE } }) })).bot;
    expect(running).toMatchObject({ state: 'holds' });
    expect(running?.fix).toBeUndefined();
    const elsewhere = byId(
      facts({ bot: bot({ props: { mcp_bridge_url: 'http://127.0.0.1:1' } }) }),
    );
    expect(elsewhere.bot?.meaning).toContain(`BRIDGE_PUBLIC_URL=${BRIDGE}`);
    expect(byId(facts({ bot: bot({ delete_at: 1 }) })).bot?.fix?.id).toBe('enable-bot');
    expect(byId(facts({ bot: bot({ is_bot: false }) })).bot?.fix).toBeUndefined();
  });

  test('OAuth: needed once the bridge uses it or an app is registered', () => {
    const app = {
      id: 'a'.repeat(26),
      name: 'MCP bridge',
      callback_urls: [`${BRIDGE}/oauth/callback`],
    };
    expect(byId(facts({ bridgeUsesOAuth: true })).oauth).toMatchObject({
      state: 'missing',
      fix: { id: 'register-oauth' },
    });
    expect(byId(facts({ oauthApp: app })).oauth).toMatchObject({
      state: 'missing',
      fix: { id: 'enable-oauth' },
    });
    const on = { ServiceSettings: { EnableOAuthServiceProvider: true } };
    expect(byId(facts({ oauthApp: app, config: on })).oauth?.fix?.id).toBe('new-oauth-secret');
    expect(byId(facts({ oauthApp: app, config: on, bridgeUsesOAuth: true })).oauth?.state).toBe(
      'holds',
    );
  });

  test('the bridge is reachable only when it answers healthy; mixed content is named', () => {
    const ok = { kind: 'answered' as const, httpStatus: 200, health: { status: 'ok' } };
    expect(byId(facts({ health: ok })).reachable?.state).toBe('holds');
    const mixed = byId(facts({ health: { kind: 'mixed-content' } })).reachable;
    expect(mixed).toMatchObject({ state: 'missing', fix: { id: 'check-bridge' } });
    expect(mixed?.meaning).toMatch(/^Mixed content:/);
  });

  test('a private bridge host with webhooks calling it needs the allowance; a listed or public one holds', () => {
    expect(byId(facts({ hooksToBridge: 2 }))['webhook-host']).toMatchObject({ state: 'missing' });
    const allowed = facts({
      config: { ServiceSettings: { AllowedUntrustedInternalConnections: '10.0.0.0/8' } },
    });
    expect(byId(allowed)['webhook-host']?.state).toBe('holds');
    expect(byId(facts({ bridgeUrl: 'https://mcp.example.com' }))['webhook-host']?.state).toBe(
      'holds',
    );
  });
});

describe('internal hosts, as Mattermost judges them', () => {
  test('loopback, private, link-local and one-label names are internal; public names are not', () => {
    for (const host of [
      '127.0.0.1',
      'localhost',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.9',
      '169.254.1.1',
      '[::1]',
      'bridge',
    ])
      expect({ host, internal: isInternalHost(host) }).toEqual({ host, internal: true });
    for (const host of ['8.8.8.8', '172.32.0.1', 'mcp.example.com'])
      expect({ host, internal: isInternalHost(host) }).toEqual({ host, internal: false });
  });

  test('the allowance lists names, addresses or CIDR ranges, separated by spaces or commas', () => {
    expect(isAllowedInternal('10.0.0.5', 'webhooks.internal, 10.0.0.0/24')).toBe(true);
    expect(isAllowedInternal('10.0.1.5', '10.0.0.0/24')).toBe(false);
    expect(isAllowedInternal('Bridge', 'bridge')).toBe(true);
    expect(withAllowedHost('a.internal', '127.0.0.1')).toBe('a.internal 127.0.0.1');
    expect(withAllowedHost('127.0.0.1', '127.0.0.1')).toBe('127.0.0.1');
    expect(withAllowedHost(undefined, '[::1]')).toBe('::1');
  });
});
