import { z } from 'zod';
import { userTool } from './subject-tools.js';
import { listText } from '../format/text.js';
import { accessTokenSchema, formatAccessTokenLine, toAccessTokenSummary } from '../format/admin.js';
import { formatUserLine, toUserSummary, userSummarySchema } from '../format/users.js';
import { resolveUser } from '../resolve/names.js';
import { defineTool } from './define.js';
import { countHeader, listAnswer, pageFields, pageRequest } from './paging.js';
import { cursorArg, idArg, userArg } from './arguments.js';
import { ToolError } from '../errors.js';

/** A generous size of one listed user line, to size pages to the output budget. */
const USER_LINE_CHARS = 200;

const roleName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a role name such as system_user');

const listUsers = defineTool({
  name: 'list_users',
  title: 'List all users',
  description:
    'For system admins: lists the accounts of the server by username, a page (up to 100) at a time; `inactive` lists ' +
    'deactivated accounts only, `role` those holding a system role (e.g. system_admin).',
  toolset: 'admin',
  kind: 'read',
  input: z.object({
    inactive: z.boolean().optional().describe('true: only deactivated accounts.'),
    role: roleName.optional().describe('Only users with this system role, e.g. system_admin.'),
    cursor: cursorArg(),
  }),
  output: z.object({
    users: z.array(userSummarySchema.extend({ roles: z.array(z.string()) })),
    ...pageFields,
  }),
  async handler(args, { mm, settings }) {
    const request = pageRequest(
      args.cursor,
      `users:${args.inactive ? 'inactive' : ''}:${args.role ?? ''}`,
      settings.maxOutputChars,
      USER_LINE_CHARS,
    );
    const { page, perPage } = request;
    const found = await mm.listUsers({
      page,
      perPage,
      ...(args.inactive ? { inactive: true } : {}),
      ...(args.role ? { role: args.role } : {}),
    });
    const users = found.map((user) => ({
      ...toUserSummary(user),
      roles: (user.roles ?? '').split(' ').filter(Boolean),
    }));
    return listAnswer('users', users, {
      header: users.length ? countHeader(users.length, 'user', page) : 'No users.',
      lines: users.map((user) => `${formatUserLine(user)} · roles: ${user.roles.join(' ')}`),
      next: request.next(found.length),
      budgetChars: settings.maxOutputChars,
    });
  },
});

function activationTool(active: boolean) {
  return userTool({
    name: active ? 'activate_user' : 'deactivate_user',
    title: active ? 'Reactivate a user' : 'Deactivate a user',
    description: active
      ? 'For system admins: reactivates a deactivated account so the person can log in again.'
      : 'For system admins: deactivates an account; the person is logged out and cannot log in until ' +
        'reactivated. Their messages stay.',
    toolset: 'admin',
    kind: active ? 'write' : 'destructive',
    output: userSummarySchema,
    async handler(user, { mm }) {
      if (!active && user.id === mm.userId)
        throw new ToolError('user: you cannot deactivate your own account here.');
      await mm.setUserActive(user.id, active);
      const summary = { ...toUserSummary(user), deactivated: !active };
      return {
        text: `${active ? 'Reactivated' : 'Deactivated'}: ${formatUserLine(summary)}`,
        structured: summary,
      };
    },
  });
}

const setUserRoles = defineTool({
  name: 'set_user_roles',
  title: "Set a user's system roles",
  description:
    "For system admins: replaces a user's system roles, e.g. [system_user] or [system_user, system_admin]. " +
    'Every account needs system_user (or system_guest).',
  toolset: 'admin',
  kind: 'destructive',
  input: z.object({
    user: userArg(),
    roles: z.array(roleName).min(1).max(10).describe('The complete list of system roles to hold.'),
  }),
  output: userSummarySchema.extend({ roles: z.array(z.string()) }),
  async handler(args, { mm }) {
    const user = await resolveUser(mm, args.user);
    const roles = [...new Set(args.roles)];
    if (!roles.includes('system_user') && !roles.includes('system_guest'))
      throw new ToolError('roles: include system_user (or system_guest for a guest account).');
    await mm.setUserRoles(user.id, roles.join(' '));
    const summary = { ...toUserSummary(user), roles };
    return { text: `Roles of @${user.username} set to: ${roles.join(', ')}`, structured: summary };
  },
});

const listTokens = userTool({
  name: 'list_user_access_tokens',
  title: "List a user's access tokens",
  description:
    "For system admins (or yourself): a user's personal access tokens with id, description and whether " +
    'active. The secret values are never shown.',
  toolset: 'admin',
  kind: 'read',
  output: z.object({ user: z.string(), tokens: z.array(accessTokenSchema) }),
  async handler(user, { mm }) {
    const tokens = (await mm.getUserAccessTokens(user.id, 0, 200)).map(toAccessTokenSummary);
    const text = listText(
      'token',
      tokens.map(formatAccessTokenLine),
      `@${user.username} has no personal access tokens.`,
      ` of @${user.username}`,
    );
    return { text, structured: { user: user.username, tokens } };
  },
});

const revokeToken = defineTool({
  name: 'revoke_user_access_token',
  title: 'Revoke an access token',
  description:
    'For system admins (or the owner): revokes a personal access token for good; whatever used it stops ' +
    'working. Take the id from list_user_access_tokens.',
  toolset: 'admin',
  kind: 'destructive',
  input: z.object({
    token_id: idArg('token', 'The token id (not its value).'),
  }),
  output: z.object({ token_id: z.string(), revoked: z.boolean() }),
  async handler(args, { mm }) {
    await mm.revokeUserAccessToken(args.token_id);
    return {
      text: `Revoked token ${args.token_id}.`,
      structured: { token_id: args.token_id, revoked: true },
    };
  },
});

export const adminUserTools = [
  listUsers,
  activationTool(false),
  activationTool(true),
  setUserRoles,
  listTokens,
  revokeToken,
];
