import type { PluginRegistry, Store } from '../../types/mattermost-webapp';
import { ProfilesEditor } from './ProfilesEditor';

export function registerPolicyProfiles(registry: PluginRegistry, _store: Store): void {
  registry.registerAdminConsoleCustomSetting('PolicyProfiles', ProfilesEditor, { showTitle: true });
}
