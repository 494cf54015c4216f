import type { PluginRegistry, Store } from '../../types/mattermost-webapp';
import { BridgeStatus } from './BridgeStatus';

export function registerBridgeStatus(registry: PluginRegistry, _store: Store): void {
  registry.registerAdminConsoleCustomSetting('BridgeStatus', BridgeStatus, { showTitle: true });
}
