import type { BridgeConfig } from '../config.js';
import type { MattermostGateway } from '../gateway/gateway.js';
import type { Team, UserGateway } from '../gateway/user-gateway.js';
import type { Logger } from '../observability/logger.js';
import { orUndefined } from '../resolve/names.js';
import { parseChannelEntry, type ChannelEntry } from './channel-rules.js';

/**
 * At start, the channel entries of the bridge's environment looked up as the bot: a typo in a deny
 * list would otherwise protect nothing, silently. Each entry is looked up the way the policy
 * matches it, and one that names nothing the bot can find is a warning naming its settings. An
 * ordinary bot sees only the private channels and the teams it is in, so the warning says so
 * instead of claiming the channel does not exist.
 */

/** The environment's plain channel lists. */
const CHANNEL_LISTS = [
  'BRIDGE_CHANNEL_ALLOW',
  'BRIDGE_CHANNEL_DENY',
  'BRIDGE_CHANNEL_ALLOW_WRITE',
  'BRIDGE_CHANNEL_DENY_WRITE',
] as const satisfies readonly (keyof BridgeConfig)[];

const NOT_FOUND = 'not found (or private and the bot is not in it)';

/** An entry as the policy reads it (lower case, without `~`), and the settings that hold it. */
export interface EnvironmentEntry {
  text: string;
  entry: ChannelEntry;
  settings: string[];
}

function entryText(entry: ChannelEntry): string {
  if (entry.kind === 'id') return entry.id;
  if (entry.kind === 'dm') return `@${entry.username}`;
  return entry.team ? `${entry.team}/${entry.name}` : entry.name;
}

/** Every channel entry of the environment once, with every setting naming it. */
export function environmentEntries(config: BridgeConfig): EnvironmentEntry[] {
  const found = new Map<string, EnvironmentEntry>();
  const add = (entry: ChannelEntry, setting: string) => {
    const text = entryText(entry);
    const known = found.get(text) ?? { text, entry, settings: [] };
    if (!known.settings.includes(setting)) known.settings.push(setting);
    found.set(text, known);
  };
  for (const list of CHANNEL_LISTS)
    for (const raw of config[list] ?? []) add(parseChannelEntry(raw), list);
  for (const profile of config.BRIDGE_POLICY_PROFILES ?? []) {
    const setting = `BRIDGE_POLICY_PROFILES ${profile.name}`;
    for (const entry of profile.channels.read.allow.flat()) add(entry, `${setting} channel_allow`);
    for (const entry of profile.channels.read.deny) add(entry, `${setting} channel_deny`);
  }
  return [...found.values()];
}

/** Why the bot finds nothing the entry names; undefined when it finds something. */
async function whyUnknown(
  bot: UserGateway,
  entry: ChannelEntry,
  botTeams: readonly Team[],
): Promise<string | undefined> {
  if (entry.kind === 'id')
    return (await orUndefined(() => bot.getChannel(entry.id))) ? undefined : NOT_FOUND;
  if (entry.kind === 'dm')
    return (await orUndefined(() => bot.getUserByUsername(entry.username)))
      ? undefined
      : 'no user with that username';
  const { team: teamName, name } = entry;
  if (teamName === undefined) {
    for (const team of botTeams)
      if (await orUndefined(() => bot.getChannelByName(team.id, name))) return undefined;
    const teams = botTeams.map((team) => team.name).join(', ');
    return teams
      ? `not found in the bot's teams, ${teams} (or private and the bot is not in it)`
      : 'the bot is in no team, so a bare channel name cannot be looked up';
  }
  const team = await orUndefined(() => bot.getTeamByName(teamName));
  if (!team) return 'no such team (or the bot is not in it)';
  if (await orUndefined(() => bot.getChannelByName(team.id, name))) return undefined;
  return botTeams.some((mine) => mine.id === team.id)
    ? NOT_FOUND
    : `${NOT_FOUND}; the bot is not in team ${team.name}, whose channels it cannot see`;
}

/**
 * Looks every entry of the environment up as the bot and logs a warning for each that names
 * nothing it finds. Never throws: a lookup Mattermost could not answer ends the check with one
 * warning, and the bridge serves on.
 */
export async function checkChannelEntries(
  gateway: MattermostGateway,
  botToken: string,
  config: BridgeConfig,
  log: Logger,
): Promise<void> {
  try {
    const entries = environmentEntries(config);
    if (!entries.length) return;
    const bot = gateway.forUser(await gateway.verifyToken(botToken), botToken);
    const botTeams = await bot.getMyTeams();
    let unknown = 0;
    for (const { text, entry, settings } of entries) {
      const reason = await whyUnknown(bot, entry, botTeams);
      if (reason === undefined) continue;
      unknown += 1;
      const where = settings.join(', ');
      log.warn(
        { setting: where, entry: text, reason },
        `${where}: the channel entry ${text} matches nothing the bot can find: ${reason}`,
      );
    }
    log.info({ entries: entries.length, unknown }, 'channel entries checked');
  } catch (err) {
    log.warn(
      { reason: (err as Error).message },
      `channel entries not checked: ${(err as Error).message}`,
    );
  }
}
