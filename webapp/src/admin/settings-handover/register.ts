import type { PluginRegistry, Store } from '../../types/mattermost-webapp';
import { SettingsHandover } from './SettingsHandover';

export function registerSettingsHandover(registry: PluginRegistry, _store: Store): void {
  registry.registerAdminConsoleCustomSetting('BridgeSettings', SettingsHandover, {
    showTitle: true,
  });
}
