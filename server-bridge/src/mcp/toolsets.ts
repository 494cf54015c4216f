/**
 * The toolsets and profiles assistants choose from. A toolset (tools/toolsets.ts) groups the tools
 * of one Mattermost domain (each tool names its own in `toolset`); a profile is a hand-picked list of tool names
 * across toolsets, so a session can start small and add whole toolsets later.
 */

export {
  ADMIN_TOOLSET,
  SESSION_TOOLSET,
  TOOLSETS,
  TOOLSET_NAMES,
  type Toolset,
} from '../tools/toolsets.js';

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
