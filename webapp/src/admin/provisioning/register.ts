import type { PluginRegistry, Store } from '../../types/mattermost-webapp';
import { Provisioning } from './Provisioning';

export function registerProvisioning(registry: PluginRegistry, _store: Store): void {
  registry.registerAdminConsoleCustomSetting('Provisioning', Provisioning, { showTitle: true });
}
