import { z } from 'zod';
import { channelSummarySchema } from '../format/channels.js';
import { resolveChannel, resolveTeam } from '../resolve/names.js';
import { channelActionTool, channelChange } from './channel-shared.js';
import { defineTool } from './define.js';
import { channelArg, teamArg } from './arguments.js';
import { ToolError } from '../errors.js';

/** Mattermost's rule for a channel's URL name. */
const CHANNEL_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const createChannel = defineTool({
  name: 'create_channel',
  title: 'Create a channel',
  description:
    'Creates a public (default) or private channel in a team, with you as its first member. `name` is the ' +
    'URL name (lowercase letters, digits, - and _), `display_name` what people see.',
  toolset: 'channels',
  kind: 'write',
  input: z.object({
    team: teamArg('The team name or id.'),
    name: z
      .string()
      .regex(
        CHANNEL_NAME,
        'lowercase letters, digits, - and _ (at most 64), starting with a letter or digit',
      )
      .describe('URL name, e.g. release-planning.'),
    display_name: z.string().min(1).max(64).describe('The name people see, e.g. Release Planning.'),
    private: z.boolean().default(false).describe('true for a private channel.'),
    purpose: z.string().max(250).optional().describe('What the channel is for.'),
    header: z
      .string()
      .max(1024)
      .optional()
      .describe('Text shown at the top of the channel (Markdown).'),
  }),
  output: channelSummarySchema,
  async handler(args, { mm }) {
    const team = await resolveTeam(mm, args.team);
    const channel = await mm.createChannel({
      teamId: team.id,
      name: args.name,
      displayName: args.display_name,
      type: args.private ? 'P' : 'O',
      ...(args.purpose ? { purpose: args.purpose } : {}),
      ...(args.header ? { header: args.header } : {}),
    });
    return channelChange(mm, 'Created', channel);
  },
});

function patchTool(options: {
  name: string;
  title: string;
  description: string;
  field: 'header' | 'purpose' | 'display_name';
  fieldSchema: z.ZodString;
  verb: string;
}) {
  return defineTool({
    name: options.name,
    title: options.title,
    description: options.description,
    toolset: 'channels',
    kind: 'write',
    input: z.object({
      channel: channelArg(),
      [options.field]: options.fieldSchema,
    }) as z.ZodObject<{
      channel: ReturnType<typeof channelArg>;
    }>,
    output: channelSummarySchema,
    async handler(args, { mm }) {
      const found = await resolveChannel(mm, args.channel);
      const value = (args as Record<string, string>)[options.field]!;
      const updated = await mm.patchChannel(found.id, { [options.field]: value });
      return channelChange(mm, options.verb, updated);
    },
  });
}

const updateHeader = patchTool({
  name: 'update_channel_header',
  title: 'Set a channel header',
  description:
    'Replaces the header shown at the top of a channel (Markdown; an empty string clears it). Needs the ' +
    'permission to manage the channel.',
  field: 'header',
  fieldSchema: z.string().max(1024).describe('The new header; empty to clear it.'),
  verb: 'Header updated',
});

const updatePurpose = patchTool({
  name: 'update_channel_purpose',
  title: 'Set a channel purpose',
  description:
    "Replaces a channel's purpose, the short text saying what it is for (empty clears it).",
  field: 'purpose',
  fieldSchema: z.string().max(250).describe('The new purpose; empty to clear it.'),
  verb: 'Purpose updated',
});

const renameChannel = defineTool({
  name: 'rename_channel',
  title: 'Rename a channel',
  description:
    "Changes a channel's display name (what people see) and/or its URL name (links with the old one " +
    'stop working).',
  toolset: 'channels',
  kind: 'write',
  input: z.object({
    channel: channelArg(),
    display_name: z.string().min(1).max(64).optional(),
    url_name: z.string().regex(CHANNEL_NAME, 'lowercase letters, digits, - and _').optional(),
  }),
  output: channelSummarySchema,
  async handler(args, { mm }) {
    if (args.display_name === undefined && args.url_name === undefined)
      throw new ToolError('Give display_name, url_name or both.');
    const found = await resolveChannel(mm, args.channel);
    const updated = await mm.patchChannel(found.id, {
      ...(args.display_name !== undefined ? { display_name: args.display_name } : {}),
      ...(args.url_name !== undefined ? { name: args.url_name } : {}),
    });
    return channelChange(mm, 'Renamed', updated);
  },
});

const archiveChannel = channelActionTool({
  name: 'archive_channel',
  title: 'Archive a channel',
  description:
    'Archives a public or private channel: it becomes read-only and leaves the sidebar; restore_channel ' +
    'undoes it. Direct and group messages cannot be archived.',
  kind: 'destructive',
  done: 'Archived',
  async act(mm, found) {
    if (found.type === 'D' || found.type === 'G')
      throw new ToolError('channel: direct and group messages cannot be archived.');
    if (found.delete_at) throw new ToolError(`channel: ~${found.name} is already archived.`);
    await mm.archiveChannel(found.id);
    return await mm.getChannel(found.id);
  },
});

const restoreChannel = channelActionTool({
  name: 'restore_channel',
  title: 'Restore an archived channel',
  description:
    'Brings an archived channel back (pass its id or team/name). Needs the permission to manage the channel.',
  kind: 'write',
  done: 'Restored',
  async act(mm, found) {
    if (!found.delete_at) throw new ToolError(`channel: ~${found.name} is not archived.`);
    return await mm.restoreChannel(found.id);
  },
});

const setPrivacy = defineTool({
  name: 'set_channel_privacy',
  title: 'Make a channel public or private',
  description:
    'Converts a channel between public (anyone in the team can find and join it) and private (members only).',
  toolset: 'channels',
  kind: 'write',
  input: z.object({
    channel: channelArg(),
    private: z.boolean().describe('true to make it private, false to make it public.'),
  }),
  output: channelSummarySchema,
  async handler(args, { mm }) {
    const found = await resolveChannel(mm, args.channel);
    if (found.type === 'D' || found.type === 'G')
      throw new ToolError('channel: direct and group messages have no privacy setting.');
    const wanted = args.private ? 'P' : 'O';
    if (found.type === wanted) return channelChange(mm, 'Unchanged (already so)', found);
    return channelChange(mm, 'Privacy changed', await mm.setChannelPrivacy(found.id, args.private));
  },
});

export const channelManageTools = [
  createChannel,
  updateHeader,
  updatePurpose,
  renameChannel,
  archiveChannel,
  restoreChannel,
  setPrivacy,
];
