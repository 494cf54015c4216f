import { z } from 'zod';
import { channelReference, toChannelSummary } from '../format/channels.js';
import {
  formatScheduledLine,
  parseWhen,
  scheduledSummarySchema,
  toScheduledSummary,
} from '../format/scheduled.js';
import { fitLines } from '../format/fit.js';
import { isoTime } from '../format/time.js';
import type { ScheduledPost, Team } from '../gateway/user-gateway.js';
import { describeChannelPlace, resolveChannel, resolveTeam } from '../resolve/names.js';
import { defineTool, type ToolContext } from './define.js';
import { FAN_OUT, mapLimit } from './parallel.js';
import { placesOf } from './places.js';
import { channelArg, idArg, messageArg, postArg } from './arguments.js';
import { threadRootIn } from '../resolve/thread-root.js';
import { ToolError } from '../errors.js';
import { broadcastNote } from '../policy/broadcast.js';

const scheduledIdSchema = idArg('scheduled message');

const atSchema = z
  .string()
  .min(2)
  .describe(
    'When: ISO 8601 (2026-05-04T09:00:00Z; without a zone, UTC) or a delay like 30m, 2h, 1d.',
  );

/** A time in the future from `at`, or a tool error that says what is accepted. */
function futureTime(at: string, now = Date.now()): number {
  const when = parseWhen(at, now);
  if (when === undefined) {
    throw new ToolError(
      'at: use an ISO 8601 date (2026-05-04T09:00:00Z) or a delay like 30m, 2h, 1d.',
    );
  }
  if (when <= now) throw new ToolError(`at: ${isoTime(when)} is in the past; give a future time.`);
  return when;
}

/** The user's scheduled messages in the named team or every team, each once, soonest first. */
async function scheduledOf(ctx: ToolContext, team?: string): Promise<ScheduledPost[]> {
  const teams: Team[] = team ? [await resolveTeam(ctx.mm, team)] : await ctx.mm.getMyTeams();
  const lists = await mapLimit(teams, FAN_OUT, (t) => ctx.mm.getScheduledPosts(t.id));
  const byId = new Map<string, ScheduledPost>();
  // Direct and group messages come back with every team: keep each once.
  for (const list of lists)
    for (const posts of Object.values(list)) for (const p of posts) byId.set(p.id, p);
  return [...byId.values()].sort((a, b) => a.scheduled_at - b.scheduled_at);
}

async function summarise(ctx: ToolContext, posts: readonly ScheduledPost[]) {
  const places = await placesOf(
    ctx.mm,
    posts.map((p) => p.channel_id),
  );
  return posts.map((p) =>
    toScheduledSummary(p, places.get(p.channel_id)?.reference ?? p.channel_id),
  );
}

const scheduleMessage = defineTool({
  name: 'schedule_message',
  title: 'Schedule a message',
  description:
    'Schedules a message from the user to be sent later to a channel, a direct message (@username) or a ' +
    'thread (`root_id`). Mattermost sends it at `at`; list_scheduled_messages shows what is pending.',
  toolset: 'scheduled',
  kind: 'write',
  input: z.object({
    channel: channelArg(),
    message: messageArg(),
    at: atSchema,
    root_id: postArg().optional().describe('Reply in the thread of this post.'),
  }),
  output: scheduledSummarySchema,
  async handler({ channel, message, at, root_id }, ctx) {
    const when = futureTime(at);
    const found = await resolveChannel(ctx.mm, channel);
    const rootId = await threadRootIn(ctx.mm, found.id, root_id);
    const created = await ctx.mm.createScheduledPost({
      channelId: found.id,
      message,
      rootId,
      scheduledAt: when,
    });
    const where = channelReference(
      toChannelSummary(found, await describeChannelPlace(ctx.mm, found)),
    );
    const summary = toScheduledSummary(created, where);
    return {
      text: `Scheduled: ${formatScheduledLine(summary)}${broadcastNote(message, created.message)}`,
      structured: summary,
    };
  },
});

const listScheduledMessages = defineTool({
  name: 'list_scheduled_messages',
  title: 'List scheduled messages',
  description:
    'Lists the user’s scheduled messages not yet sent, soonest first, including failed ones with the reason.',
  toolset: 'scheduled',
  kind: 'read',
  input: z.object({
    team: z.string().optional().describe('A team name or id; every team when omitted.'),
  }),
  output: z.object({ scheduled: z.array(scheduledSummarySchema) }),
  async handler({ team }, ctx) {
    const all = await summarise(ctx, await scheduledOf(ctx, team));
    const lines = all.map(formatScheduledLine);
    const fitted = fitLines(lines, ctx.settings.maxOutputChars - 200);
    const scheduled = all.slice(0, fitted.kept);
    return {
      text: all.length
        ? [
            `${all.length} scheduled message${all.length === 1 ? '' : 's'}, soonest first:`,
            ...lines.slice(0, fitted.kept),
            ...(fitted.dropped
              ? [`[cut: ${fitted.dropped} later ones did not fit; name a team]`]
              : []),
          ].join('\n')
        : 'No scheduled messages.',
      structured: { scheduled },
    };
  },
});

async function findScheduled(ctx: ToolContext, id: string): Promise<ScheduledPost> {
  const found = (await scheduledOf(ctx)).find((p) => p.id === id);
  if (!found)
    throw new ToolError(`No scheduled message ${id}; list_scheduled_messages shows yours.`);
  return found;
}

const updateScheduledMessage = defineTool({
  name: 'update_scheduled_message',
  title: 'Change a scheduled message',
  description: 'Changes the text and/or the time of one of the user’s scheduled messages.',
  toolset: 'scheduled',
  kind: 'write',
  input: z.object({
    id: scheduledIdSchema.describe('The scheduled message.'),
    message: messageArg('The new text.').optional(),
    at: atSchema.optional(),
  }),
  output: scheduledSummarySchema,
  async handler({ id, message, at }, ctx) {
    if (message === undefined && at === undefined)
      throw new ToolError('Give a new message, a new at, or both.');
    const when = at !== undefined ? futureTime(at) : undefined;
    const current = await findScheduled(ctx, id);
    const updated = await ctx.mm.updateScheduledPost({
      ...current,
      ...(message !== undefined ? { message } : {}),
      ...(when !== undefined ? { scheduled_at: when } : {}),
    });
    const [summary] = await summarise(ctx, [updated]);
    const note = message === undefined ? '' : broadcastNote(message, updated.message);
    return { text: `Updated: ${formatScheduledLine(summary!)}${note}`, structured: summary! };
  },
});

const deleteScheduledMessage = defineTool({
  name: 'delete_scheduled_message',
  title: 'Cancel a scheduled message',
  description: 'Deletes one of the user’s scheduled messages so it is never sent.',
  toolset: 'scheduled',
  kind: 'destructive',
  input: z.object({ id: scheduledIdSchema.describe('The scheduled message.') }),
  output: z.object({ id: z.string(), deleted: z.boolean() }),
  async handler({ id }, ctx) {
    await ctx.mm.deleteScheduledPost(id);
    return { text: `Deleted scheduled message ${id}.`, structured: { id, deleted: true } };
  },
});

const setReminder = defineTool({
  name: 'set_reminder',
  title: 'Remind me of a post',
  description:
    'Sets a reminder of a post for the user: at `at`, Mattermost’s system bot sends them a direct message ' +
    'linking the post. A new reminder of the same post replaces the previous one.',
  toolset: 'scheduled',
  kind: 'write',
  input: z.object({ post_id: postArg('The post to be reminded of.'), at: atSchema }),
  output: z.object({ post_id: z.string(), remind_at: z.string() }),
  async handler({ post_id, at }, ctx) {
    const when = futureTime(at);
    // Mattermost counts reminder times in whole seconds.
    const seconds = Math.ceil(when / 1000);
    await ctx.mm.setPostReminder(post_id, seconds);
    const remindAt = isoTime(seconds * 1000);
    return {
      text: `You will be reminded of post ${post_id} at ${remindAt}.`,
      structured: { post_id, remind_at: remindAt },
    };
  },
});

export const scheduledTools = [
  scheduleMessage,
  listScheduledMessages,
  updateScheduledMessage,
  deleteScheduledMessage,
  setReminder,
];
