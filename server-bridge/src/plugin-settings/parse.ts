import type { AccessPolicy, PluginSettings } from '../policy/policy.js';
import { parseProfilesJson, type PolicyProfile } from '../policy/policy-profiles.js';

/** The plugin's id (its System Console page saves the settings under this id). */
export const PLUGIN_ID = 'mattermost-mcp-bridge';

/**
 * Where the plugin's System Console page hands the settings to the bridge: preferences of the
 * bridge's bot in this category, one per setting, named after the setting's key in lower case. The
 * bot reads its own preferences with the rights every user has, so the bridge needs no admin.
 */
export const SETTINGS_CATEGORY = 'mcp_bridge_settings';

/** The setting names the bridge reads from that category. */
export const SETTING_NAMES = [
  'bridgeurl',
  'readonly',
  'toolsets',
  'channelallowlist',
  'channeldenylist',
  'allowbroadcastmentions',
  'accesspolicy',
] as const;

/**
 * Policy profiles are handed over one per preference, `profile_1`, `profile_2`..., each the JSON of
 * one profile: a preference holds at most 2,000 characters, and its name at most 32.
 */
export const PROFILE_PREFERENCE = /^profile_(\d+)$/;

/** What the System Console handed over that the bridge could not read, by preference name. */
export interface ProfileProblem {
  preference: string;
  error: string;
}

/**
 * The profiles among the preferences, in the order of their numbers. One that does not parse is
 * reported, not applied: the plugin checks them before it saves, so this means a hand-edited
 * preference, which the log then names.
 */
export function profilesFromPreferences(preferences: readonly { name: string; value: string }[]): {
  profiles: PolicyProfile[];
  problems: ProfileProblem[];
} {
  const numbered = preferences
    .map((p) => ({ ...p, number: Number(PROFILE_PREFERENCE.exec(p.name.toLowerCase())?.[1]) }))
    .filter((p) => Number.isInteger(p.number) && p.value.trim())
    .sort((a, b) => a.number - b.number);
  const profiles: PolicyProfile[] = [];
  const problems: ProfileProblem[] = [];
  for (const preference of numbered) {
    try {
      profiles.push(...parseProfilesJson(`[${preference.value}]`, 'console'));
    } catch (err) {
      problems.push({ preference: preference.name, error: (err as Error).message });
    }
  }
  return { profiles, problems };
}

function asBool(value: string | undefined): boolean | undefined {
  if (value === undefined || !/^(true|false)$/i.test(value.trim())) return undefined;
  return value.trim().toLowerCase() === 'true';
}

/** Comma (or line) separated text; an empty text is "not set". */
function asList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/**
 * The plugin's settings from the bot's preferences of {@link SETTINGS_CATEGORY}, or undefined when
 * the plugin never handed any over. Unknown names and values of the wrong shape are ignored (they
 * keep the environment's setting); an empty value is "not set".
 */
export function pluginSettingsFromPreferences(
  preferences: readonly { name: string; value: string }[],
): PluginSettings | undefined {
  if (preferences.length === 0) return undefined;
  const values = new Map(preferences.map((p) => [p.name.toLowerCase(), p.value]));
  const access = values.get('accesspolicy')?.trim();
  const url = values.get('bridgeurl')?.trim();
  const { profiles } = profilesFromPreferences(preferences);
  const settings: PluginSettings = {
    bridgeurl: url ? url.replace(/\/+$/, '') : undefined,
    readonly: asBool(values.get('readonly')),
    toolsets: asList(values.get('toolsets')),
    channelallowlist: asList(values.get('channelallowlist')),
    channeldenylist: asList(values.get('channeldenylist')),
    allowbroadcastmentions: asBool(values.get('allowbroadcastmentions')),
    accesspolicy:
      access === 'everyone' || access === 'token_role' ? (access as AccessPolicy) : undefined,
    profiles: profiles.length ? profiles : undefined,
  };
  return Object.fromEntries(
    Object.entries(settings).filter(([, v]) => v !== undefined),
  ) as PluginSettings;
}

/** A URL to tell users: well-formed http(s), without a trailing slash; undefined otherwise. */
export function advertisableUrl(raw: string | undefined): string | undefined {
  if (!raw?.trim()) return undefined;
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}
