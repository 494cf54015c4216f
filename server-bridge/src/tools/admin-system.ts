import { z } from 'zod';
import { analyticsRecord, formatAnalytics } from '../format/admin.js';
import { readConfigPath } from '../format/config.js';
import { resolveTeam } from '../resolve/names.js';
import { defineTool } from './define.js';
import { teamArg } from './arguments.js';
import { ToolError } from '../errors.js';

/** Settings worth a glance in a health check; values are redacted like any config read. */
const CONFIG_BASICS = [
  'ServiceSettings.SiteURL',
  'ServiceSettings.EnableUserAccessTokens',
  'ServiceSettings.EnableIncomingWebhooks',
  'ServiceSettings.EnableOutgoingWebhooks',
  'ServiceSettings.EnableBotAccountCreation',
  'TeamSettings.EnableOpenServer',
  'TeamSettings.MaxUsersPerTeam',
  'SqlSettings.DriverName',
  'FileSettings.DriverName',
  'EmailSettings.SendEmailNotifications',
  'RateLimitSettings.Enable',
  'PluginSettings.Enable',
];

const jsonValue = z.unknown();

const getSystemHealth = defineTool({
  name: 'get_system_health',
  title: 'Mattermost system health',
  description:
    'For system admins: whether Mattermost, its database and file store answer, the main settings, and ' +
    'usage counts (users, teams, channels, posts).',
  toolset: 'admin',
  kind: 'read',
  input: z.object({}),
  output: z.object({
    status: z.string(),
    database_status: z.string().optional(),
    filestore_status: z.string().optional(),
    settings: z.record(z.string(), jsonValue),
    analytics: z.record(z.string(), z.number()),
  }),
  async handler(_args, { mm }) {
    const [ping, config, rows] = await Promise.all([mm.ping(), mm.getConfig(), mm.getAnalytics()]);
    const settings: Record<string, unknown> = {};
    for (const path of CONFIG_BASICS) {
      const read = readConfigPath(config, path);
      if (read.found) settings[path] = read.value;
    }
    const analytics = analyticsRecord(rows);
    const status = String(ping.status ?? 'unknown');
    const lines = [
      `Mattermost: ${status}` +
        (ping.database_status ? ` · database: ${ping.database_status}` : '') +
        (ping.filestore_status ? ` · file store: ${ping.filestore_status}` : ''),
      `Settings: ${Object.entries(settings)
        .map(([path, value]) => `${path}=${JSON.stringify(value)}`)
        .join(' · ')}`,
      `Usage: ${formatAnalytics(analytics)}`,
    ];
    return {
      text: lines.join('\n'),
      structured: {
        status,
        ...(ping.database_status ? { database_status: String(ping.database_status) } : {}),
        ...(ping.filestore_status ? { filestore_status: String(ping.filestore_status) } : {}),
        settings,
        analytics,
      },
    };
  },
});

const getAnalytics = defineTool({
  name: 'get_analytics',
  title: 'Usage analytics',
  description:
    'For system admins: counts of users (active, inactive, daily and monthly active), teams, public and ' +
    'private channels and posts, for the whole server or one team.',
  toolset: 'admin',
  kind: 'read',
  input: z.object({
    team: teamArg('A team name or id; the whole server when omitted.').optional(),
  }),
  output: z.object({ team: z.string().optional(), analytics: z.record(z.string(), z.number()) }),
  async handler(args, { mm }) {
    const team = args.team ? await resolveTeam(mm, args.team) : undefined;
    const analytics = analyticsRecord(await mm.getAnalytics('standard', team?.id ?? ''));
    return {
      text: `${team ? `Team ${team.name}` : 'Server'}: ${formatAnalytics(analytics)}`,
      structured: { ...(team ? { team: team.name } : {}), analytics },
    };
  },
});

const getConfigValue = defineTool({
  name: 'get_config_value',
  title: 'Read a server setting',
  description:
    'For system admins: reads one setting or section of the server configuration by dotted path, e.g. ' +
    'ServiceSettings.SiteURL or TeamSettings. Passwords, secrets, keys and tokens are always redacted.',
  toolset: 'admin',
  kind: 'read',
  input: z.object({
    path: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9_.-]+$/, 'a dotted path such as ServiceSettings.SiteURL')
      .describe(
        'Dotted path such as ServiceSettings.SiteURL; a section name returns the whole section.',
      ),
  }),
  output: z.object({ path: z.string(), value: jsonValue }),
  async handler(args, { mm, settings }) {
    const read = readConfigPath(await mm.getConfig(), args.path);
    if (!read.found) {
      const options = read.options.length
        ? ` Known here: ${read.options.slice(0, 40).join(', ')}.`
        : '';
      throw new ToolError(`path: no setting ${read.missing}.${options}`);
    }
    const json = JSON.stringify(read.value, null, 1) ?? 'null';
    const text =
      json.length > settings.maxOutputChars
        ? `${read.path} = ${json.slice(0, settings.maxOutputChars)}… [cut: name a deeper path]`
        : `${read.path} = ${json}`;
    return { text, structured: { path: read.path, value: read.value } };
  },
});

export const adminSystemTools = [getSystemHealth, getAnalytics, getConfigValue];
