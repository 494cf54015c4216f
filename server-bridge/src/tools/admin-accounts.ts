import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { formatUserLine, toUserSummary, userSummarySchema } from '../format/users.js';
import { resolveUser } from '../resolve/names.js';
import { defineTool } from './define.js';
import { userArg } from './arguments.js';
import { ToolError } from '../errors.js';

/** Mattermost's rule for a username. */
const USERNAME = /^[a-z][a-z0-9._-]{2,21}$/;

const profileFields = {
  first_name: z.string().max(64).optional(),
  last_name: z.string().max(64).optional(),
  nickname: z.string().max(64).optional(),
};

const updateUser = defineTool({
  name: 'update_user',
  title: "Change someone's profile",
  description:
    "For system admins: changes another person's username, email, names, nickname or position. A new " +
    'email can reset their password, so confirm first.',
  toolset: 'admin',
  // Whoever holds the new address can take the account over: treated like other account changes.
  kind: 'destructive',
  input: z.object({
    user: userArg(),
    username: z.string().regex(USERNAME, 'a username such as jane.doe').optional(),
    email: z.string().email().optional(),
    ...profileFields,
    position: z.string().max(128).optional(),
  }),
  output: userSummarySchema,
  async handler({ user: reference, ...fields }, { mm }) {
    const patch = Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    );
    if (Object.keys(patch).length === 0)
      throw new ToolError('Name what to change: username, email, first_name, last_name, ...');
    const user = await resolveUser(mm, reference);
    const updated = toUserSummary(await mm.patchUser(user.id, patch));
    return { text: `Updated ${formatUserLine(updated)}`, structured: updated };
  },
});

const createUser = defineTool({
  name: 'create_user',
  title: 'Create an account',
  description:
    'For system admins: creates a user account. Its password is random and never shown; the person ' +
    'sets their own with "Forgot password" (or signs in with SSO).',
  toolset: 'admin',
  kind: 'write',
  input: z.object({
    username: z.string().regex(USERNAME, 'a username such as jane.doe'),
    email: z.string().email(),
    ...profileFields,
  }),
  output: userSummarySchema,
  async handler(args, { mm }) {
    // A password the assistant never sees: accounts are handed over through a reset, not a chat.
    const password = `${randomBytes(24).toString('base64url')}aA1!`;
    const created = toUserSummary(await mm.createUser({ ...args, password }));
    return { text: `Created ${formatUserLine(created)}`, structured: created };
  },
});

export const adminAccountTools = [updateUser, createUser];
