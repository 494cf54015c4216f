// Loading the bundle's entry registers the plugin under its manifest id, and `initialize` wires every
// System Console setting of plugin.json's `custom` type and the user settings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { noStore, recordingRegistry } from './support/registry';

interface RegisteredPlugin {
  initialize(registry: unknown, store: unknown): void;
}

test('registers the plugin and every custom setting of plugin.json', async () => {
  const registered: { id: string; plugin: RegisteredPlugin }[] = [];
  window.registerPlugin = (id, plugin) => registered.push({ id, plugin });
  await import('../src/index');

  expect(registered.map((r) => r.id)).toEqual(['mattermost-mcp-bridge']);
  const registry = recordingRegistry({ withUserSettings: true });
  registered[0]?.plugin.initialize(registry, noStore);

  const pluginJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'plugin.json'), 'utf8'));
  const customKeys = pluginJson.settings_schema.settings
    .filter((s: { type: string }) => s.type === 'custom')
    .map((s: { key: string }) => s.key);
  expect(registry.customSettings.map((s) => s.key).sort()).toEqual([...customKeys].sort());
  expect(registry.customSettings.every((s) => s.options?.showTitle === true)).toBe(true);
  expect(registry.userSettings.map((s) => s.uiName)).toEqual(['AI assistant access']);
});
