import type { BridgeConfig } from '../config.js';
import { ALL_PROFILE } from '../mcp/toolsets.js';
import type { ToolBounds } from '../mcp/tool-filter.js';
import type { PolicyProfile } from './policy-profiles.js';
import { parseChannelEntries, type ChannelEntry, type ChannelRules } from './channel-rules.js';

export type ConfirmDestructive = 'elicit-if-supported' | 'always-refuse-without' | 'never';
export type AccessPolicy = 'everyone' | 'token_role';

/** What admins decided about assistants: the bounds of the tool catalogue and the rules of every call. */
export interface Policy extends ToolBounds {
  channels: ChannelRules;
  allowBroadcastMentions: boolean;
  maxMessageLength: number;
  confirmDestructive: ConfirmDestructive;
  accessPolicy: AccessPolicy;
}

/**
 * The System Console settings of the plugin, as Mattermost stores them under
 * `PluginSettings.Plugins["mattermost-mcp-bridge"]` (keys lower-cased). A key that was never saved
 * is undefined and changes nothing.
 */
export interface PluginSettings {
  bridgeurl?: string;
  readonly?: boolean;
  toolsets?: string[];
  channelallowlist?: string[];
  channeldenylist?: string[];
  allowbroadcastmentions?: boolean;
  accesspolicy?: AccessPolicy;
  /** Policy profiles defined in the System Console (preferences `profile_1`, `profile_2`...). */
  profiles?: PolicyProfile[];
}

function orEmpty(list: ChannelEntry[] | undefined): ChannelEntry[][] {
  return list && list.length ? [list] : [];
}

/** The policy of the environment alone. Channel entries are checked here, so a typo fails at start. */
export function policyFromConfig(config: BridgeConfig): Policy {
  const allowed = config.BRIDGE_ALLOWED_TOOLSETS;
  return {
    readOnly: config.BRIDGE_READ_ONLY,
    allowedToolsets: allowed.includes(ALL_PROFILE) ? undefined : allowed,
    writeToolsets: config.BRIDGE_WRITE_TOOLSETS,
    channels: {
      read: {
        allow: orEmpty(parseChannelEntries(config.BRIDGE_CHANNEL_ALLOW)),
        deny: parseChannelEntries(config.BRIDGE_CHANNEL_DENY) ?? [],
      },
      write: {
        allow: orEmpty(parseChannelEntries(config.BRIDGE_CHANNEL_ALLOW_WRITE)),
        deny: parseChannelEntries(config.BRIDGE_CHANNEL_DENY_WRITE) ?? [],
      },
    },
    allowBroadcastMentions: config.BRIDGE_ALLOW_BROADCAST_MENTIONS,
    maxMessageLength: config.BRIDGE_MAX_MESSAGE_LENGTH,
    confirmDestructive: config.BRIDGE_CONFIRM_DESTRUCTIVE,
    accessPolicy: config.BRIDGE_ACCESS_POLICY,
  };
}

function intersect(a: readonly string[] | undefined, b: readonly string[] | undefined) {
  if (!a) return b;
  if (!b) return a;
  return a.filter((item) => b.includes(item));
}

/**
 * The environment and the System Console combined. Neither can loosen what the other restricts:
 * each setting takes the stricter of the two (read-only if either says so, a toolset only if both
 * allow it, both allow lists and both deny lists apply, broadcast mentions only if both allow them,
 * token_role if either asks for it). So the admin who runs the bridge and the admin of Mattermost
 * can each rely on what they set, whatever the other does.
 */
export function combinePolicy(base: Policy, plugin: PluginSettings | undefined): Policy {
  if (!plugin) return base;
  const toolsets = plugin.toolsets?.length ? plugin.toolsets : undefined;
  return {
    ...base,
    readOnly: base.readOnly || plugin.readonly === true,
    allowedToolsets: intersect(base.allowedToolsets, toolsets),
    channels: {
      read: {
        allow: [
          ...base.channels.read.allow,
          ...orEmpty(parseChannelEntries(plugin.channelallowlist)),
        ],
        deny: [...base.channels.read.deny, ...(parseChannelEntries(plugin.channeldenylist) ?? [])],
      },
      write: base.channels.write,
    },
    allowBroadcastMentions: base.allowBroadcastMentions && plugin.allowbroadcastmentions !== false,
    accessPolicy:
      base.accessPolicy === 'token_role' || plugin.accesspolicy === 'token_role'
        ? 'token_role'
        : 'everyone',
  };
}
