import { newId } from '../ids.js';

export interface Role {
  id: string;
  name: string;
  display_name: string;
  description: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  permissions: string[];
  scheme_managed: boolean;
  built_in: boolean;
}

// The built-in roles of Mattermost's default permission scheme, with the permissions the
// simulator enforces and the ones a model is most likely to ask about (not the full list).
const CHANNEL_GUEST = [
  'read_channel',
  'add_reaction',
  'remove_reaction',
  'create_post',
  'use_channel_mentions',
  'upload_file',
  'edit_post',
  'delete_post',
];
const CHANNEL_USER = [
  ...CHANNEL_GUEST,
  'manage_public_channel_members',
  'manage_private_channel_members',
  'manage_public_channel_properties',
  'manage_private_channel_properties',
  'delete_public_channel',
  'delete_private_channel',
  'add_bookmark_public_channel',
  'edit_bookmark_public_channel',
  'delete_bookmark_public_channel',
  'order_bookmark_public_channel',
  'add_bookmark_private_channel',
  'edit_bookmark_private_channel',
  'delete_bookmark_private_channel',
  'order_bookmark_private_channel',
  'use_group_mentions',
];
const CHANNEL_ADMIN = [
  'manage_channel_roles',
  'use_group_mentions',
  'manage_public_channel_banner',
  'manage_private_channel_banner',
];
const TEAM_GUEST = ['view_team'];
const TEAM_USER = [
  'view_team',
  'list_team_channels',
  'join_public_channels',
  'read_public_channel',
  'create_public_channel',
  'create_private_channel',
  'invite_user',
  'add_user_to_team',
];
const TEAM_ADMIN = [
  'manage_team',
  'manage_team_roles',
  'remove_user_from_team',
  'manage_channel_roles',
  'manage_others_incoming_webhooks',
  'manage_others_outgoing_webhooks',
  'manage_incoming_webhooks',
  'manage_outgoing_webhooks',
  'manage_slash_commands',
  'delete_others_posts',
  'convert_public_channel_to_private',
  'convert_private_channel_to_public',
];
const SYSTEM_GUEST = ['create_direct_channel', 'create_group_channel'];
const SYSTEM_USER = [
  'create_direct_channel',
  'create_group_channel',
  'view_members',
  'list_public_teams',
  'join_public_teams',
  'create_team',
  'create_emojis',
  'delete_emojis',
  'create_custom_group',
  'manage_custom_group_members',
  'edit_custom_group',
  'delete_custom_group',
  'restore_custom_group',
];
const SYSTEM_ADMIN = [
  'manage_system',
  'manage_roles',
  'edit_other_users',
  'manage_team',
  'manage_channel_roles',
  'manage_team_roles',
  'sysconsole_read_user_management_channels',
  'sysconsole_read_user_management_groups',
];

const DEFINITIONS: [string, string, string[]][] = [
  ['channel_guest', 'Channel Guest', CHANNEL_GUEST],
  ['channel_user', 'Channel Member', CHANNEL_USER],
  ['channel_admin', 'Channel Admin', CHANNEL_ADMIN],
  ['team_guest', 'Team Guest', TEAM_GUEST],
  ['team_user', 'Team Member', TEAM_USER],
  ['team_admin', 'Team Admin', TEAM_ADMIN],
  ['system_guest', 'System Guest', SYSTEM_GUEST],
  ['system_user', 'System User', SYSTEM_USER],
  ['system_admin', 'System Admin', SYSTEM_ADMIN],
  [
    'system_user_access_token',
    'Personal Access Token',
    ['create_user_access_token', 'read_user_access_token', 'revoke_user_access_token'],
  ],
  ['system_post_all', 'Post to all', ['create_post']],
  ['system_post_all_public', 'Post to all public', ['create_post_public']],
];

/** The built-in roles by name, created with the store (ids differ per server, as in Mattermost). */
export function defaultRoles(): Map<string, Role> {
  return new Map(
    DEFINITIONS.map(([name, displayName, permissions]) => [
      name,
      {
        id: newId(),
        name,
        display_name: `authentication.roles.${name}.name`,
        description: displayName,
        create_at: 0,
        update_at: 0,
        delete_at: 0,
        permissions: [...new Set(permissions)],
        scheme_managed: /^(channel|team)_|^system_(guest|user|admin)$/.test(name),
        built_in: true,
      },
    ]),
  );
}
