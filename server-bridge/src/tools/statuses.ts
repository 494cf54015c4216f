import { z } from 'zod';
import { userTool } from './subject-tools.js';
import {
  customStatusOf,
  customStatusSchema,
  formatCustomStatus,
  formatStatusLine,
  parseUntil,
  STATUS_VALUES,
  statusSummarySchema,
  toStatusSummary,
} from '../format/statuses.js';
import { isoTime } from '../format/time.js';
import type { UserProfile } from '../gateway/user-gateway.js';
import { isMattermostId, resolveUser } from '../resolve/names.js';
import { defineTool } from './define.js';
import { ToolError } from '../errors.js';

const statusWithCustom = statusSummarySchema.extend({
  custom_status: customStatusSchema.optional(),
});

const getStatus = userTool({
  name: 'get_status',
  title: "Get someone's status",
  description:
    'Tells whether a person is online, away, in "do not disturb" (and until when) or offline, with their ' +
    'custom status. Use it before pinging someone.',
  toolset: 'users',
  kind: 'read',
  output: statusWithCustom,
  async handler(user, { mm }) {
    const summary = toStatusSummary(await mm.getStatus(user.id), user.username);
    const custom = customStatusOf(user);
    const text = custom
      ? `${formatStatusLine(summary)} · ${formatCustomStatus(custom)}`
      : formatStatusLine(summary);
    return { text, structured: { ...summary, ...(custom ? { custom_status: custom } : {}) } };
  },
});

/** Users named by id or username, looked up in at most two batched requests. */
async function resolveMany(
  mm: Parameters<typeof resolveUser>[0],
  refs: readonly string[],
): Promise<{ users: UserProfile[]; unknown: string[] }> {
  const ids = refs.filter((ref) => isMattermostId(ref.trim()));
  const names = refs
    .filter((ref) => !isMattermostId(ref.trim()))
    .map((ref) => ref.trim().replace(/^@/, '').toLowerCase());
  const [byId, byName] = await Promise.all([mm.getUsersByIds(ids), mm.getUsersByUsernames(names)]);
  const users = new Map<string, UserProfile>();
  for (const user of [...byId.values(), ...byName]) users.set(user.id, user);
  const found = new Set([...users.values()].flatMap((user) => [user.id, user.username]));
  const unknown = [...ids, ...names].filter((ref) => !found.has(ref));
  return { users: [...users.values()], unknown };
}

const getStatuses = defineTool({
  name: 'get_statuses',
  title: 'Get several statuses',
  description:
    'Statuses (online, away, dnd, offline) of up to 100 people at once, by id or @username. Unknown names ' +
    'are listed apart.',
  toolset: 'users',
  kind: 'read',
  input: z.object({
    users: z
      .array(z.string().min(1))
      .min(1)
      .max(100)
      .describe('User ids or @usernames (emails are not accepted here).'),
  }),
  output: z.object({ statuses: z.array(statusSummarySchema), unknown: z.array(z.string()) }),
  async handler(args, { mm }) {
    const { users, unknown } = await resolveMany(mm, args.users);
    const usernames = new Map(users.map((user) => [user.id, user.username]));
    const statuses = users.length ? await mm.getStatusesByIds(users.map((user) => user.id)) : [];
    const summaries = statuses
      .map((status) => toStatusSummary(status, usernames.get(status.user_id)))
      .sort((a, b) => a.username.localeCompare(b.username));
    const lines = summaries.map(formatStatusLine);
    if (unknown.length) lines.push(`Unknown: ${unknown.join(', ')}`);
    if (!summaries.length && !unknown.length) lines.push('No users.');
    return { text: lines.join('\n'), structured: { statuses: summaries, unknown } };
  },
});

const setStatus = defineTool({
  name: 'set_status',
  title: 'Set my status',
  description:
    'Sets your availability: online, away, dnd (do not disturb) or offline. With dnd, `dnd_end_time` ends it ' +
    'at a time (ISO 8601) or after a window such as 30m, 2h, 1d.',
  toolset: 'users',
  kind: 'write',
  input: z.object({
    status: z.enum(STATUS_VALUES).describe('online, away, dnd or offline.'),
    dnd_end_time: z
      .string()
      .min(1)
      .optional()
      .describe('Only with dnd: when it ends, as ISO 8601 or a window like 30m, 2h, 1d.'),
  }),
  output: statusSummarySchema,
  async handler(args, { mm, user }) {
    let endSeconds: number | undefined;
    if (args.dnd_end_time !== undefined) {
      if (args.status !== 'dnd') throw new ToolError('dnd_end_time: only valid with status "dnd".');
      const until = parseUntil(args.dnd_end_time);
      if (until === undefined)
        throw new ToolError(
          'dnd_end_time: give a future ISO 8601 time or a window such as 30m, 2h, 1d.',
        );
      endSeconds = Math.floor(until / 1000);
    }
    const status = await mm.setMyStatus(args.status, endSeconds);
    const summary = toStatusSummary(status, user.username);
    return { text: `Status set: ${formatStatusLine(summary)}`, structured: summary };
  },
});

const setCustomStatus = defineTool({
  name: 'set_custom_status',
  title: 'Set my custom status',
  description:
    'Sets the custom status shown next to your name, e.g. "In a meeting" with :calendar:, optionally ending at ' +
    'a time (ISO 8601) or after a window such as 1h, 1d.',
  toolset: 'users',
  kind: 'write',
  input: z.object({
    text: z.string().min(1).max(100).describe('The status text, up to 100 characters.'),
    emoji: z
      .string()
      .max(64)
      .optional()
      .describe('An emoji name such as calendar (default speech_balloon).'),
    expires: z
      .string()
      .min(1)
      .optional()
      .describe('When it clears: ISO 8601 or a window like 1h, 1d.'),
  }),
  output: customStatusSchema,
  async handler(args, { mm }) {
    let expiresAt: string | undefined;
    if (args.expires !== undefined) {
      const until = parseUntil(args.expires);
      if (until === undefined)
        throw new ToolError('expires: give a future ISO 8601 time or a window such as 1h, 1d.');
      expiresAt = isoTime(until);
    }
    const emoji = (args.emoji ?? 'speech_balloon').replace(/:/g, '');
    await mm.setMyCustomStatus({ emoji, text: args.text, ...(expiresAt ? { expiresAt } : {}) });
    const custom = customStatusOf(await mm.getMe()) ?? {
      emoji,
      text: args.text,
      ...(expiresAt ? { expires_at: expiresAt } : {}),
    };
    return { text: `Custom status set: ${formatCustomStatus(custom)}`, structured: custom };
  },
});

const clearCustomStatus = defineTool({
  name: 'clear_custom_status',
  title: 'Clear my custom status',
  description: 'Removes your custom status (the text and emoji next to your name).',
  toolset: 'users',
  kind: 'write',
  input: z.object({}),
  output: z.object({ cleared: z.boolean() }),
  async handler(_args, { mm }) {
    await mm.clearMyCustomStatus();
    return { text: 'Custom status cleared.', structured: { cleared: true } };
  },
});

export const statusTools = [getStatus, getStatuses, setStatus, setCustomStatus, clearCustomStatus];
