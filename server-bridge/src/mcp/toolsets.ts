/**
 * The toolsets and profiles assistants choose from. A toolset groups the tools of one Mattermost
 * domain (each tool names its own in `toolset`); a profile is a hand-picked list of tool names
 * across toolsets, so a session can start small and add whole toolsets later.
 */

/** Every toolset, with the one line `enable_toolset` and the docs show for it. */
export const TOOLSETS: Readonly<Record<string, string>> = {
  posts: 'edit, delete, pin, save messages',
  threads: 'followed threads',
  reactions: 'emoji reactions',
  channels: 'create, join, manage channels',
  teams: 'teams, members',
  users: 'statuses, profiles',
  groups: 'user groups',
  search: 'search messages, files',
  files: 'upload, read files',
  scheduled: 'scheduled messages',
  attention: 'unreads, mentions',
  admin: 'system administration',
  session: 'this session',
};

/** Tools of this toolset are offered only to system admins. */
export const ADMIN_TOOLSET = 'admin';

/** The toolset of `enable_toolset`, always part of what a session may see. */
export const SESSION_TOOLSET = 'session';

/** The profile that names every tool. */
export const ALL_PROFILE = 'all';

/**
 * Profiles by name. `core` is the default: what most conversations need (find people and channels,
 * read, search, catch up, reply, react), small enough that its tools/list stays under 2,500 tokens
 * (test/policy/profiles.test.ts measures it through the client). Files, edits, threads and the rest
 * are one enable_toolset away. Every name must be a real tool: the bridge refuses to start otherwise.
 */
export const PROFILES: Readonly<Record<string, readonly string[]>> = {
  core: [
    'get_me',
    'list_teams',
    'list_channels',
    'get_channel',
    'get_user',
    'search_users',
    'read_channel',
    'read_thread',
    'send_message',
    'add_reaction',
    'search_posts',
    'get_post',
    'get_attention',
    'get_unreads',
    'enable_toolset',
  ],
};
