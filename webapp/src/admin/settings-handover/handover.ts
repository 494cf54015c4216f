// What Save hands to the bridge: the plugin's settings as the server now holds them, written into
// the preferences of the bridge's bot (category `mcp_bridge_settings`, one per setting, named after
// the setting's key in lower case), where the bot reads them with the rights every user has about
// itself. The admin's session writes them: another user's preferences take `edit_other_users`,
// which system admins hold. The bridge hears `preferences_changed` on the bot's WebSocket and
// applies them at once.
import { findBridgeBot, BRIDGE_BOT_USERNAME } from '../../bridge/bot';
import type { Client } from '../../client/client';
import type { AdminConfig } from '../../types/mattermost-webapp';
import { savedPluginSetting } from '../plugin-config';
import { resolveEntries } from './channel-entries';
import { PROFILE_PREFERENCE, profilePreferences } from '../policy-profiles/handover';
import { ProfileError } from '../policy-profiles/profiles';

export const SETTINGS_CATEGORY = 'mcp_bridge_settings';

/** Mattermost refuses a preference value longer than this (model/preference.go). */
export const MAX_VALUE_LENGTH = 2000;

/** The settings the bridge reads, by their key in plugin.json. */
export const HANDED_OVER = [
  'BridgeURL',
  'ReadOnly',
  'Toolsets',
  'ChannelAllowList',
  'ChannelDenyList',
  'AllowBroadcastMentions',
  'AccessPolicy',
] as const;

const CHANNEL_LISTS = new Set<string>(['ChannelAllowList', 'ChannelDenyList']);

/** Told after every hand-over, so what the page shows of the bot's settings stays current. */
const handedOverListeners = new Set<() => void>();

export function onHandedOver(listener: () => void): () => void {
  handedOverListeners.add(listener);
  return () => {
    handedOverListeners.delete(listener);
  };
}

export class HandoverError extends Error {
  override readonly name = 'HandoverError';
}

export interface Preference {
  user_id: string;
  category: string;
  name: string;
  value: string;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value.trim() : String(value);
}

/**
 * Reads the saved settings (`GET /config`: the System Console saved them just before), checks and
 * resolves the channel lists, and writes the bot's preferences; empty settings are removed, so the
 * bridge's environment decides them. Answers undefined when there is no bot to hand them to yet
 * (Bridge provisioning hands them over when it creates the bot). Throws HandoverError with a
 * sentence for the admin when something stops it; the bot's previous settings then stay as they were.
 */
export async function handOverSettings(client: Client): Promise<Preference[] | undefined> {
  const [config, bot] = await Promise.all([
    client.get<AdminConfig>('/config'),
    findBridgeBot(client),
  ]);
  if (!bot?.is_bot) return undefined;
  if (bot.delete_at > 0)
    throw new HandoverError(
      `The settings are saved, but the ${BRIDGE_BOT_USERNAME} bot account is disabled: enable it under Bridge provisioning, then save again.`,
    );
  const values: { name: string; value: string }[] = [];
  const unknown: string[] = [];
  for (const key of HANDED_OVER) {
    const raw = savedPluginSetting(config, key);
    let value = asText(raw);
    if (CHANNEL_LISTS.has(key)) {
      const resolved = await resolveEntries(client, raw);
      unknown.push(...resolved.unknown);
      value = resolved.entries.join(',');
    }
    values.push({ name: key.toLowerCase(), value });
  }
  const profiles = await profilePreferences(
    client,
    savedPluginSetting(config, 'PolicyProfiles'),
  ).catch((err: unknown) => {
    throw err instanceof ProfileError ? new HandoverError(err.message) : err;
  });
  unknown.push(...profiles.unknown);
  values.push(...profiles.values);
  // Profiles removed since the last hand-over: their preferences go too.
  const held = await client.get<Preference[]>(`/users/${bot.id}/preferences/${SETTINGS_CATEGORY}`);
  for (const { name } of held)
    if (PROFILE_PREFERENCE.test(name) && !profiles.values.some((v) => v.name === name))
      values.push({ name, value: '' });
  if (unknown.length)
    throw new HandoverError(
      `These channel list entries name no channel or user Mattermost knows: ${unknown.join(', ')}. Fix them and save again; the bridge keeps its previous settings until then.`,
    );
  const tooLong = values.find((v) => v.value.length > MAX_VALUE_LENGTH);
  if (tooLong)
    throw new HandoverError(
      `The ${tooLong.name} setting is too long for the bridge (${tooLong.value.length} characters, at most ${MAX_VALUE_LENGTH} once channel names are turned into ids).`,
    );
  const preference = (name: string, value: string): Preference => ({
    user_id: bot.id,
    category: SETTINGS_CATEGORY,
    name,
    value,
  });
  const set = values.filter((v) => v.value).map((v) => preference(v.name, v.value));
  const cleared = values.filter((v) => !v.value).map((v) => preference(v.name, ''));
  if (set.length) await client.put(`/users/${bot.id}/preferences`, set);
  if (cleared.length) await client.post(`/users/${bot.id}/preferences/delete`, cleared);
  handedOverListeners.forEach((listener) => listener());
  return set;
}

/** What the bot holds now (read as the admin), by setting name. */
export async function handedOverSettings(
  client: Client,
  botId: string,
): Promise<Record<string, string>> {
  const preferences = await client.get<Preference[]>(
    `/users/${botId}/preferences/${SETTINGS_CATEGORY}`,
  );
  return Object.fromEntries(preferences.map((p) => [p.name, p.value]));
}
