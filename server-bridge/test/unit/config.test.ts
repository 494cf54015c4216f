import { configHelpText, describeConfig } from '../../src/config-help.js';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ MATTERMOST_URL: 'http://mm.example.com/' });
    expect(config.MATTERMOST_URL).toBe('http://mm.example.com');
    expect(config.BRIDGE_HOST).toBe('127.0.0.1');
    expect(config.BRIDGE_PORT).toBe(8787);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.BRIDGE_READ_ONLY).toBe(false);
    expect(config.BRIDGE_PUBLIC_URL).toBeUndefined();
  });

  it('parses numbers, booleans and comma lists', () => {
    const config = loadConfig({
      MATTERMOST_URL: 'https://mm.example.com',
      BRIDGE_PORT: '0',
      BRIDGE_MAX_SESSIONS: '3',
      BRIDGE_READ_ONLY: 'true',
      BRIDGE_ALLOWED_ORIGINS: 'https://a.example.com, https://b.example.com,',
    });
    expect(config.BRIDGE_PORT).toBe(0);
    expect(config.BRIDGE_MAX_SESSIONS).toBe(3);
    expect(config.BRIDGE_READ_ONLY).toBe(true);
    expect(config.BRIDGE_ALLOWED_ORIGINS).toEqual([
      'https://a.example.com',
      'https://b.example.com',
    ]);
  });

  it('names every wrong variable', () => {
    expect(() => loadConfig({ BRIDGE_PORT: '70000', BRIDGE_MAX_SESSIONS: 'lots' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ BRIDGE_PORT: '70000', BRIDGE_MAX_SESSIONS: 'lots', LOG_LEVEL: 'loud' });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('MATTERMOST_URL: is required');
      expect(message).toContain('BRIDGE_PORT');
      expect(message).toContain('BRIDGE_MAX_SESSIONS');
      expect(message).toContain('LOG_LEVEL');
    }
  });

  it('treats empty values as unset and never echoes a value', () => {
    expect(loadConfig({ MATTERMOST_URL: 'http://x.test', BRIDGE_PORT: '' }).BRIDGE_PORT).toBe(8787);
    let message = '';
    try {
      loadConfig({ MATTERMOST_URL: 'not a url sekret-value-123' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('MATTERMOST_URL');
    expect(message).not.toContain('sekret-value-123');
  });

  it('refuses a Mattermost URL that is not http(s)', () => {
    expect(() => loadConfig({ MATTERMOST_URL: 'ftp://mm.example.com' })).toThrow(/MATTERMOST_URL/);
  });

  it('refuses one OAuth credential without the other, naming the missing one only', () => {
    const base = { MATTERMOST_URL: 'https://mm.example.com' };
    expect(() => loadConfig({ ...base, MATTERMOST_OAUTH_CLIENT_ID: 'app-id' })).toThrow(
      /MATTERMOST_OAUTH_CLIENT_SECRET: is required with MATTERMOST_OAUTH_CLIENT_ID/,
    );
    let message = '';
    try {
      loadConfig({ ...base, MATTERMOST_OAUTH_CLIENT_SECRET: 'sekret-oauth-456' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/MATTERMOST_OAUTH_CLIENT_ID: is required/);
    expect(message).not.toContain('sekret-oauth-456');
    const both = loadConfig({
      ...base,
      MATTERMOST_OAUTH_CLIENT_ID: 'app-id',
      MATTERMOST_OAUTH_CLIENT_SECRET: 'sekret-oauth-456',
    });
    expect(both.MATTERMOST_OAUTH_CLIENT_ID).toBe('app-id');
  });

  it('refuses a public URL with a path, query or fragment, and takes a bare origin', () => {
    const base = { MATTERMOST_URL: 'https://mm.example.com' };
    for (const value of [
      'https://proxy.example.com/mm-mcp',
      'https://proxy.example.com/mm-mcp/',
      'https://proxy.example.com/?a=b',
    ])
      expect(() => loadConfig({ ...base, BRIDGE_PUBLIC_URL: value })).toThrow(
        /BRIDGE_PUBLIC_URL: must be an origin without a path, such as https:\/\/proxy\.example\.com/,
      );
    expect(
      loadConfig({ ...base, BRIDGE_PUBLIC_URL: 'https://mcp.example.com/' }).BRIDGE_PUBLIC_URL,
    ).toBe('https://mcp.example.com');
  });
});

describe('configuration help', () => {
  it('lists every variable of the schema with its default', () => {
    const help = configHelpText();
    for (const variable of describeConfig()) {
      expect(help).toContain(variable.name);
      if (variable.defaultValue !== undefined)
        expect(help).toContain(`(default: ${variable.defaultValue})`);
    }
    expect(help).toMatch(/BRIDGE_PORT\s+.*\(default: 8787\)/);
    expect(help).toMatch(/MATTERMOST_TOKEN\s+.*\[secret\]/);
    // What the bridge really does with a wildcard bind address (bridge.ts), not <BRIDGE_HOST>.
    expect(help).toMatch(
      /BRIDGE_PUBLIC_URL\s+.*http:\/\/127\.0\.0\.1:<port> when BRIDGE_HOST is 0\.0\.0\.0/,
    );
  });
});
