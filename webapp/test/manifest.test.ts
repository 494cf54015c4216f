// plugin.json against the rules Mattermost applies to a webapp-only plugin's manifest, and against
// the settings this product's parts agree on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { manifest } from '../src/manifest';

interface Setting {
  key: string;
  type: string;
  display_name?: string;
  default?: unknown;
  options?: { display_name: string; value: string }[];
}

const pluginJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'plugin.json'), 'utf8'));
const settings: Setting[] = pluginJson.settings_schema.settings;
const semver =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

describe('plugin.json', () => {
  test('has a valid id, a name and semantic versions', () => {
    expect(pluginJson.id).toBe('mattermost-mcp-bridge');
    expect(pluginJson.id).toMatch(/^[a-zA-Z0-9-_.]+$/);
    expect(pluginJson.id.length).toBeGreaterThanOrEqual(3);
    expect(pluginJson.id.length).toBeLessThanOrEqual(190);
    expect(typeof pluginJson.name).toBe('string');
    expect(pluginJson.name.trim()).not.toBe('');
    expect(pluginJson.version).toBe('0.1.0');
    expect(pluginJson.version).toMatch(semver);
    expect(pluginJson.min_server_version).toMatch(semver);
  });

  test('is webapp-only, with the bundle the build produces', () => {
    expect(pluginJson.server).toBeUndefined();
    expect(pluginJson.webapp).toEqual({ bundle_path: 'webapp/dist/main.js' });
  });

  test('the webapp reads its id and version from it', () => {
    expect(manifest.id).toBe(pluginJson.id);
    expect(manifest.version).toBe(pluginJson.version);
  });

  test('settings_schema has a header, a footer and settings of known types with unique keys', () => {
    const schema = pluginJson.settings_schema;
    expect(typeof schema.header).toBe('string');
    expect(typeof schema.footer).toBe('string');
    const known = [
      'bool',
      'dropdown',
      'generated',
      'radio',
      'text',
      'longtext',
      'number',
      'username',
      'custom',
    ];
    for (const setting of settings) {
      expect(known).toContain(setting.type);
      expect(setting.key).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
    }
    const keys = settings.map((s) => s.key.toLowerCase());
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of Object.keys(schema))
      expect(['header', 'footer', 'settings', 'sections']).toContain(key);
  });

  test('declares the settings the bridge reads, with the agreed types', () => {
    const types = Object.fromEntries(settings.map((s) => [s.key, s.type]));
    expect(types).toEqual({
      BridgeURL: 'text',
      Readiness: 'custom',
      BridgeStatus: 'custom',
      Provisioning: 'custom',
      ReadOnly: 'bool',
      Toolsets: 'text',
      ChannelAllowList: 'longtext',
      ChannelDenyList: 'longtext',
      AllowBroadcastMentions: 'bool',
      AccessPolicy: 'dropdown',
      PolicyProfiles: 'custom',
      BridgeSettings: 'custom',
      WebhookHelper: 'custom',
    });
  });

  test('AccessPolicy offers everyone and token_role, defaulting to everyone', () => {
    const policy = settings.find((s) => s.key === 'AccessPolicy');
    expect(policy?.options?.map((o) => o.value)).toEqual(['everyone', 'token_role']);
    expect(policy?.default).toBe('everyone');
  });

  test('every non-custom setting has a display name and a default of its type', () => {
    for (const setting of settings.filter((s) => s.type !== 'custom')) {
      expect(setting.display_name).toBeTruthy();
      const expected = setting.type === 'bool' ? 'boolean' : 'string';
      expect(typeof setting.default).toBe(expected);
      if (setting.type === 'dropdown') {
        expect(setting.options?.map((o) => o.value)).toContain(setting.default);
      }
    }
  });
});
