/**
 * The toolsets: each groups the tools of one Mattermost domain, and each tool names its own in
 * `toolset`, checked by the compiler against this list. Profiles (hand-picked tool lists across
 * toolsets) live with the session's tool filter in mcp/toolsets.ts.
 */

/** Every toolset, in the order the docs list them. */
export const TOOLSET_NAMES = [
  'posts',
  'threads',
  'reactions',
  'channels',
  'teams',
  'users',
  'groups',
  'search',
  'files',
  'scheduled',
  'attention',
  'admin',
  'session',
] as const;

export type Toolset = (typeof TOOLSET_NAMES)[number];

/** The one line `enable_toolset` and the docs show for each toolset. */
export const TOOLSETS: Readonly<Record<Toolset, string>> = {
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
export const ADMIN_TOOLSET: Toolset = 'admin';

/** The toolset of `enable_toolset`, always part of what a session may see. */
export const SESSION_TOOLSET: Toolset = 'session';
