import { z } from 'zod';
import { listText } from '../format/text.js';
import { formatUserLine, toUserSummary, userSummarySchema } from '../format/users.js';
import { resolveUser } from '../resolve/names.js';
import { defineTool } from './define.js';
import { userArg } from './arguments.js';
import { ToolError } from '../errors.js';

const getMe = defineTool({
  name: 'get_me',
  title: 'Who am I',
  description:
    'Returns the Mattermost account this assistant acts as: username, display name, email, position and roles. ' +
    'Use it to know whose messages are "mine".',
  toolset: 'users',
  kind: 'read',
  input: z.object({}),
  output: userSummarySchema.extend({ roles: z.array(z.string()) }),
  async handler(_args, { mm }) {
    const me = await mm.getMe();
    const summary = { ...toUserSummary(me), roles: me.roles.split(' ').filter(Boolean) };
    return {
      text: `You are ${formatUserLine(summary)} · roles: ${summary.roles.join(', ')}`,
      structured: summary,
    };
  },
});

const getUser = defineTool({
  name: 'get_user',
  title: 'Get a user',
  description:
    'Looks up one Mattermost user by id, @username (the @ is optional) or email address and returns their ' +
    'profile: username, display name, email, position, whether they are a bot or deactivated.',
  toolset: 'users',
  kind: 'read',
  input: z.object({
    user: userArg('A user id, a username such as @alice or alice, or an email address.'),
  }),
  output: userSummarySchema,
  async handler({ user }, { mm }) {
    const summary = toUserSummary(await resolveUser(mm, user));
    return { text: formatUserLine(summary), structured: summary };
  },
});

const searchUsers = defineTool({
  name: 'search_users',
  title: 'Search users',
  description:
    'Finds Mattermost users whose username, name, nickname or email starts with the search term. ' +
    'Use it when you know part of a name and need the exact @username.',
  toolset: 'users',
  kind: 'read',
  input: z.object({
    term: z
      .string()
      .min(1)
      .max(100)
      .describe('Beginning of a username, first or last name, nickname or email.'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .describe('Most users to return (default 20).'),
  }),
  output: z.object({ users: z.array(userSummarySchema) }),
  async handler({ term, limit }, { mm }) {
    const users = (await mm.searchUsers(term, limit)).slice(0, limit).map(toUserSummary);
    const text = listText(
      'user',
      users.map(formatUserLine),
      `No user matches "${term}".`,
      ` matching "${term}"`,
    );
    return { text, structured: { users } };
  },
});

const updateMyProfile = defineTool({
  name: 'update_my_profile',
  title: 'Update my profile',
  description:
    'Changes your own nickname, position (job title), first or last name. Only the fields given change; ' +
    'an empty string clears one.',
  toolset: 'users',
  kind: 'write',
  input: z.object({
    nickname: z.string().max(64).optional().describe('Nickname; empty to clear.'),
    position: z.string().max(128).optional().describe('Job title; empty to clear.'),
    first_name: z.string().max(64).optional().describe('First name.'),
    last_name: z.string().max(64).optional().describe('Last name.'),
  }),
  output: userSummarySchema.extend({ nickname: z.string().optional() }),
  async handler(args, { mm }) {
    const patch = Object.fromEntries(
      Object.entries(args).filter(([, value]) => value !== undefined),
    ) as Record<string, string>;
    if (!Object.keys(patch).length)
      throw new ToolError('Give at least one of nickname, position, first_name, last_name.');
    const me = await mm.patchMe(patch);
    const summary = { ...toUserSummary(me), ...(me.nickname ? { nickname: me.nickname } : {}) };
    return {
      text: `Profile updated: ${formatUserLine(summary)}${me.nickname ? ` · nickname ${me.nickname}` : ''}`,
      structured: summary,
    };
  },
});

export const userTools = [getMe, getUser, searchUsers, updateMyProfile];
