import type { PluginRegistry, Store } from '../../types/mattermost-webapp';
import { WebhookHelper } from './WebhookHelper';

export function registerWebhookHelper(registry: PluginRegistry, _store: Store): void {
  registry.registerAdminConsoleCustomSetting('WebhookHelper', WebhookHelper, { showTitle: true });
}
