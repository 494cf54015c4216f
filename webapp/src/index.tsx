// The plugin's entry: Mattermost loads this bundle, which registers the plugin; `initialize` hands
// each feature the registry once.
import { registerBridgeStatus } from './admin/bridge-status/register';
import { registerPolicyProfiles } from './admin/policy-profiles/register';
import { registerProvisioning } from './admin/provisioning/register';
import { registerReadiness } from './admin/readiness/register';
import { registerSettingsHandover } from './admin/settings-handover/register';
import { registerWebhookHelper } from './admin/webhook-helper/register';
import { setHostStore } from './host-store';
import { manifest } from './manifest';
import type { PluginRegistry, Store } from './types/mattermost-webapp';
import { registerAIAccess } from './user-settings/ai-access/register';

export class Plugin {
  initialize(registry: PluginRegistry, store: Store): void {
    setHostStore(store);
    registerReadiness(registry, store);
    registerBridgeStatus(registry, store);
    registerProvisioning(registry, store);
    registerPolicyProfiles(registry, store);
    registerSettingsHandover(registry, store);
    registerWebhookHelper(registry, store);
    registerAIAccess(registry, store);
  }
}

declare global {
  interface Window {
    registerPlugin(pluginId: string, plugin: Plugin): void;
  }
}

window.registerPlugin(manifest.id, new Plugin());
