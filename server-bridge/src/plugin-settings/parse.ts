import type { AccessPolicy, PluginSettings } from '../policy/policy.js';

/** The plugin's id: its settings live under `PluginSettings.Plugins[PLUGIN_ID]`. */
export const PLUGIN_ID = 'mattermost-mcp-bridge';

function asBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
    return value.trim().toLowerCase() === 'true';
  return undefined;
}

/** Comma (or line) separated text; an empty text is "not set". */
function asList(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const items = value
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/**
 * The plugin's settings from a server configuration (`GET /api/v4/config`), or undefined when the
 * plugin was never configured. Mattermost stores the keys lower-cased; unknown keys and values of
 * the wrong type are ignored (they keep the environment's setting).
 */
export function pluginSettingsFromConfig(
  config: Record<string, unknown>,
): PluginSettings | undefined {
  const plugins = (config.PluginSettings as { Plugins?: Record<string, unknown> } | undefined)
    ?.Plugins;
  const raw = plugins?.[PLUGIN_ID];
  if (!raw || typeof raw !== 'object') return undefined;
  const values = Object.fromEntries(
    Object.entries(raw as Record<string, unknown>).map(([key, value]) => [
      key.toLowerCase(),
      value,
    ]),
  );
  const access = values.accesspolicy;
  const settings: PluginSettings = {
    bridgeurl:
      typeof values.bridgeurl === 'string' && values.bridgeurl.trim()
        ? values.bridgeurl.trim()
        : undefined,
    readonly: asBool(values.readonly),
    toolsets: asList(values.toolsets),
    channelallowlist: asList(values.channelallowlist),
    channeldenylist: asList(values.channeldenylist),
    allowbroadcastmentions: asBool(values.allowbroadcastmentions),
    accesspolicy:
      access === 'everyone' || access === 'token_role' ? (access as AccessPolicy) : undefined,
  };
  return Object.fromEntries(
    Object.entries(settings).filter(([, v]) => v !== undefined),
  ) as PluginSettings;
}

/** The site URL Mattermost knows itself by (`ServiceSettings.SiteURL`), if set. */
export function siteUrlFromConfig(config: Record<string, unknown>): string | undefined {
  const url = (config.ServiceSettings as { SiteURL?: unknown } | undefined)?.SiteURL;
  return typeof url === 'string' && url.trim() ? url.trim().replace(/\/+$/, '') : undefined;
}
