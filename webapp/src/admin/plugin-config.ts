// The plugin's saved settings as the System Console hands them to custom settings: Mattermost stores
// them under PluginSettings.Plugins[<plugin id>] with keys in lower case.
import { manifest } from '../manifest';
import type { AdminConfig } from '../types/mattermost-webapp';

export function savedPluginSetting(config: AdminConfig | undefined, key: string): unknown {
  return config?.PluginSettings?.Plugins?.[manifest.id]?.[key.toLowerCase()];
}

/** The site URL the bridge should use for Mattermost: the configured one, else the page's. */
export function publicSiteUrl(config: AdminConfig | undefined, fallback: string): string {
  const configured = config?.ServiceSettings?.SiteURL?.trim();
  return (configured || fallback).replace(/\/+$/, '');
}
