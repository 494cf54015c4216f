import { z } from 'zod';
import { formatGroupLine, groupSummarySchema, toGroupSummary } from '../format/groups.js';
import { formatUserLine, toUserSummary, userSummarySchema } from '../format/users.js';
import type { Group } from '../gateway/groups.js';
import { resolveGroup } from '../resolve/groups.js';
import { resolveChannel, resolveTeam, resolveUser } from '../resolve/names.js';
import { defineTool, type ToolContext } from './define.js';
import { countHeader, listAnswer, pageFields, pageRequest } from './paging.js';
import { channelArg, cursorArg, teamArg, userArg } from './arguments.js';
import { ToolError } from '../errors.js';

const GROUP_LINE_CHARS = 110;
const USER_LINE_CHARS = 120;
/** Which groups a call lists, and how it names them in its answer. */
async function groupSource(
  args: { term?: string; user?: string; channel?: string; team?: string },
  mm: ToolContext['mm'],
): Promise<{
  scope: string;
  label: string;
  load: (page: number, perPage: number) => Promise<Group[]>;
}> {
  const given = [args.user, args.channel, args.team].filter((v) => v !== undefined).length;
  if (given > 1) throw new ToolError('Give at most one of user, channel and team.');
  if (args.user) {
    const user = await resolveUser(mm, args.user);
    return {
      scope: `groups:user:${user.id}`,
      label: `of @${user.username}`,
      load: (page, perPage) => mm.getGroupsOfUser(user.id, page, perPage),
    };
  }
  if (args.channel) {
    const channel = await resolveChannel(mm, args.channel);
    return {
      scope: `groups:channel:${channel.id}`,
      label: `linked to ~${channel.name}`,
      load: (page, perPage) => mm.getChannelGroups(channel.id, page, perPage),
    };
  }
  if (args.team) {
    const team = await resolveTeam(mm, args.team);
    return {
      scope: `groups:team:${team.id}`,
      label: `linked to team ${team.name}`,
      load: (page, perPage) => mm.getTeamGroups(team.id, page, perPage),
    };
  }
  const term = args.term ?? '';
  return {
    scope: `groups:search:${term}`,
    label: term ? `matching "${term}"` : '',
    load: (page, perPage) => mm.searchGroups(term, page, perPage),
  };
}

const listGroups = defineTool({
  name: 'list_groups',
  title: 'List user groups',
  description:
    'Lists user groups (@mentionable teams of people): all, by name (`term`), those a `user` is in, or ' +
    'those linked to a `channel` or `team`.',
  toolset: 'groups',
  kind: 'read',
  input: z.object({
    term: z.string().max(64).optional().describe('Part of the group name.'),
    user: userArg().optional(),
    channel: channelArg().optional(),
    team: teamArg('The team name or id.').optional(),
    cursor: cursorArg(),
  }),
  output: z.object({ groups: z.array(groupSummarySchema), ...pageFields }),
  async handler(args, { mm, settings }) {
    const source = await groupSource(args, mm);
    const request = pageRequest(
      args.cursor,
      source.scope,
      settings.maxOutputChars,
      GROUP_LINE_CHARS,
    );
    const { page, perPage } = request;
    const found = await source.load(page, perPage);
    const groups = found.map(toGroupSummary);
    const next = request.next(found.length);
    const label = source.label ? ` ${source.label}` : '';
    const header = groups.length
      ? `${groups.length} group${groups.length === 1 ? '' : 's'}${label}:`
      : `No group${label}${page ? ' on this page' : ''}.`;
    return listAnswer('groups', groups, {
      header,
      lines: groups.map(formatGroupLine),
      next,
      budgetChars: settings.maxOutputChars,
    });
  },
});

const listGroupMembers = defineTool({
  name: 'list_group_members',
  title: 'List group members',
  description: 'Lists the people in a user group, such as @backend-team, by username.',
  toolset: 'groups',
  kind: 'read',
  input: z.object({
    group: z.string().min(1).describe('The group @name or id.'),
    cursor: cursorArg(),
  }),
  output: z.object({
    group: groupSummarySchema,
    members: z.array(userSummarySchema),
    ...pageFields,
  }),
  async handler(args, { mm, settings }) {
    const group = toGroupSummary(await resolveGroup(mm, args.group));
    const scope = `group-members:${group.id}`;
    const request = pageRequest(args.cursor, scope, settings.maxOutputChars, USER_LINE_CHARS);
    const { page, perPage } = request;
    const users = await mm.getGroupMembers(group.id, page, perPage);
    const members = users.map(toUserSummary);
    const next = request.next(users.length);
    const count = members.length
      ? countHeader(members.length, 'member', page)
      : 'No members on this page.';
    return listAnswer('members', members, {
      header: `${formatGroupLine(group)}\n${count}`,
      lines: members.map(formatUserLine),
      next,
      budgetChars: settings.maxOutputChars,
      extra: { group },
    });
  },
});

export const groupTools = [listGroups, listGroupMembers];
