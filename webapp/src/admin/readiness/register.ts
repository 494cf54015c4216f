import type { PluginRegistry, Store } from '../../types/mattermost-webapp';
import { Readiness } from './Readiness';

export function registerReadiness(registry: PluginRegistry, _store: Store): void {
  registry.registerAdminConsoleCustomSetting('Readiness', Readiness, { showTitle: true });
}
