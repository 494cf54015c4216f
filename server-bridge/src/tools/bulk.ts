import { z } from 'zod';
import { bulkOutput, type BulkItem } from '../format/bulk.js';
import { channelReference, channelSummarySchema } from '../format/channels.js';
import {
  formatUserLine,
  toUserSummary,
  userSummarySchema,
  type UserSummary,
} from '../format/users.js';
import { MattermostError, ToolError } from '../errors.js';
import type { UserGateway, UserProfile } from '../gateway/user-gateway.js';
import { ID_PATTERN, resolveChannel, resolveTeam, resolveUser } from '../resolve/names.js';
import { channelArg, teamArg, userArg } from './arguments.js';
import { bulkAnswer, eachItem, itemErrorReason } from './bulk-results.js';
import { summarizeChannel } from './channel-shared.js';
import { defineTool } from './define.js';

/** How many people or channels one bulk call takes. */
const MAX_PEOPLE = 100;
const MAX_CHANNELS = 50;

const people = (description: string) =>
  z.array(userArg()).min(1).max(MAX_PEOPLE).describe(description);
const channels = (description: string) =>
  z.array(channelArg()).min(1).max(MAX_CHANNELS).describe(description);

const personFacts = { user_id: z.string().optional(), username: z.string().optional() };

/** Each reference as a person, or why it names nobody. */
function resolvePeople(mm: UserGateway, refs: readonly string[]) {
  return eachItem(refs, String, async (ref) => {
    const user = await resolveUser(mm, ref);
    return { user_id: user.id, username: user.username };
  });
}

type Person = BulkItem & { user_id?: string; username?: string };
const detailOf = (person: Person) => `@${person.username}`;

const addChannelMembers = defineTool({
  name: 'add_channel_members',
  title: 'Add many people to a channel',
  description:
    'Adds up to 100 people to a public or private channel in one call (they must be in its team) and ' +
    'answers per person: added, or why not. People already in it count as added.',
  toolset: 'channels',
  kind: 'write',
  input: z.object({
    channel: channelArg(),
    users: people('The people to add: ids, @usernames or emails.'),
  }),
  output: bulkOutput(personFacts).extend({ channel: channelSummarySchema }),
  async handler(args, { mm }) {
    const channel = await resolveChannel(mm, args.channel);
    if (channel.type === 'D' || channel.type === 'G')
      throw new ToolError('channel: members cannot be added to direct or group messages.');
    const results: Person[] = await resolvePeople(mm, args.users);
    const ids = [...new Set(results.flatMap((r) => (r.ok && r.user_id ? [r.user_id] : [])))];
    // One request adds everyone Mattermost can add; it names no reason for the others, so each of
    // them is tried alone, which gives its own reason (and adds it if it was a passing fault).
    const added = new Set<string>();
    if (ids.length) {
      const members = await mm.addChannelMembers(channel.id, ids).catch((err: unknown) => {
        if (err instanceof MattermostError) return [];
        throw err;
      });
      for (const member of members) added.add(member.user_id);
    }
    const missing = ids.filter((id) => !added.has(id));
    const retried = await eachItem(missing, String, (id) => mm.addChannelMember(channel.id, id));
    const reasons = new Map(missing.map((id, index) => [id, retried[index]!]));
    const final = results.map((result) => {
      const retry = result.user_id ? reasons.get(result.user_id) : undefined;
      return retry && !retry.ok ? { ...result, ok: false, error: retry.error } : result;
    });
    const summary = await summarizeChannel(mm, channel);
    return bulkAnswer(`Added to ${channelReference(summary)}`, final, detailOf, {
      channel: summary,
    });
  },
});

const addTeamMembers = defineTool({
  name: 'add_team_members',
  title: 'Add many people to a team',
  description:
    'Adds up to 100 people with an account to a team in one call and answers per person: added, or ' +
    'why not. People already in it count as added. To invite by email use invite_to_team.',
  toolset: 'teams',
  kind: 'write',
  input: z.object({
    team: teamArg('A team name or id.'),
    users: people('The people to add: ids, @usernames or emails.'),
  }),
  output: bulkOutput(personFacts).extend({ team: z.string() }),
  async handler(args, { mm }) {
    const team = await resolveTeam(mm, args.team);
    const results: Person[] = await resolvePeople(mm, args.users);
    const ids = [...new Set(results.flatMap((r) => (r.ok && r.user_id ? [r.user_id] : [])))];
    const answers = ids.length ? await mm.addTeamMembers(team.id, ids) : [];
    const final = results.map((result) => {
      if (!result.ok) return result;
      const answer = answers.find((a) => a.user_id === result.user_id);
      if (!answer) return { ...result, ok: false, error: 'Mattermost did not answer for them.' };
      return answer.error ? { ...result, ok: false, error: itemErrorReason(answer.error) } : result;
    });
    return bulkAnswer(`Added to ${team.name}`, final, detailOf, { team: team.name });
  },
});

const markChannelsRead = defineTool({
  name: 'mark_channels_read',
  title: 'Mark many channels read',
  description:
    'Marks up to 50 channels or direct messages read for you in one call, clearing their unread counts ' +
    'and mentions; answers per channel. A channel that cannot be found stops the call before any is marked.',
  toolset: 'channels',
  kind: 'write',
  input: z.object({ channels: channels('The channels to mark read.') }),
  output: bulkOutput({ channel: z.string().optional() }),
  async handler(args, { mm }) {
    const results = await eachItem(args.channels, String, async (ref) => {
      const channel = await resolveChannel(mm, ref);
      await mm.viewChannel(channel.id);
      return { channel: channelReference(await summarizeChannel(mm, channel)) };
    });
    return bulkAnswer('Marked read', results, (r) => r.channel ?? r.item);
  },
});

const getChannelMemberCounts = defineTool({
  name: 'get_channel_member_counts',
  title: 'Member counts of many channels',
  description: 'Counts the members of up to 50 channels in one call; answers per channel.',
  toolset: 'channels',
  kind: 'read',
  input: z.object({ channels: channels('The channels to count.') }),
  output: bulkOutput({
    channel: z.string().optional(),
    member_count: z.number().int().optional(),
  }),
  async handler(args, { mm }) {
    const results = await eachItem(args.channels, String, async (ref) => {
      const channel = await resolveChannel(mm, ref);
      const [stats, summary] = await Promise.all([
        mm.getChannelStats(channel.id),
        summarizeChannel(mm, channel),
      ]);
      return { channel: channelReference(summary), member_count: stats.member_count ?? 0 };
    });
    return bulkAnswer('Counted', results, (r) => `${r.channel}: ${r.member_count} members`);
  },
});

/**
 * People by reference, with as few requests as Mattermost allows: ids in one `POST /users/ids`,
 * usernames (and ids that named nobody) in one `POST /users/usernames`, emails one by one.
 */
async function lookUpPeople(mm: UserGateway, refs: readonly string[]) {
  const trimmed = refs.map((ref) => ref.trim());
  const isEmail = (ref: string) => !ref.startsWith('@') && ref.includes('@');
  const byId = await mm.getUsersByIds(trimmed.filter((ref) => ID_PATTERN.test(ref)));
  const names = trimmed
    .filter((ref) => !isEmail(ref) && !byId.has(ref))
    .map((ref) => ref.replace(/^@/, '').toLowerCase());
  const byName = new Map(
    (names.length ? await mm.getUsersByUsernames(names) : []).map((u) => [u.username, u]),
  );
  return eachItem(trimmed, String, async (ref): Promise<{ user?: UserSummary }> => {
    const found: UserProfile | undefined = isEmail(ref)
      ? await resolveUser(mm, ref)
      : (byId.get(ref) ?? byName.get(ref.replace(/^@/, '').toLowerCase()));
    if (!found)
      throw new ToolError(`No user ${ID_PATTERN.test(ref) ? ref : `@${ref.replace(/^@/, '')}`}.`);
    return { user: toUserSummary(found) };
  });
}

const getUsers = defineTool({
  name: 'get_users',
  title: 'Look up many people',
  description:
    'Looks up to 100 people at once by id, @username or email; answers per reference: the profile, or ' +
    'that nobody has that name.',
  toolset: 'users',
  kind: 'read',
  input: z.object({ users: people('The people to look up: ids, @usernames or emails.') }),
  output: bulkOutput({ user: userSummarySchema.optional() }),
  async handler(args, { mm }) {
    const results = await lookUpPeople(mm, args.users);
    return bulkAnswer('Found', results, (r) => (r.user ? formatUserLine(r.user) : r.item));
  },
});

export const bulkTools = [
  addChannelMembers,
  addTeamMembers,
  markChannelsRead,
  getChannelMemberCounts,
  getUsers,
];
