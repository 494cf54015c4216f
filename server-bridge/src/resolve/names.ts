import type { ServerChannel, Team, UserGateway, UserProfile } from '../gateway/user-gateway.js';
import { directPartnerId } from './direct-messages.js';
import { MattermostError, ToolError } from '../errors.js';

/** Mattermost ids: 26 lowercase base32 characters. */
export const ID_PATTERN = /^[a-z0-9]{26}$/;

export function isMattermostId(value: string): boolean {
  return ID_PATTERN.test(value);
}

function isNotFound(err: unknown): boolean {
  return err instanceof MattermostError && (err.status === 404 || err.status === 403);
}

/** Runs a lookup, turning "not found" (or not visible) into undefined. */
export async function orUndefined<T>(lookup: () => Promise<T>): Promise<T | undefined> {
  try {
    return await lookup();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * A user from an id, a username (with or without `@`) or an email address. An unknown name is a
 * tool error that suggests the closest matches.
 */
export async function resolveUser(mm: UserGateway, reference: string): Promise<UserProfile> {
  const ref = reference.trim();
  if (!ref) throw new ToolError('A user is required: an id, a @username or an email address.');
  if (isMattermostId(ref)) {
    const byId = await orUndefined(() => mm.getUser(ref));
    if (byId) return byId;
  }
  if (!ref.startsWith('@') && ref.includes('@')) {
    const byEmail = await orUndefined(() => mm.getUserByEmail(ref));
    if (byEmail) return byEmail;
    throw new ToolError(`No user with the email address ${ref}.`);
  }
  const username = ref.replace(/^@/, '').toLowerCase();
  const byName = await orUndefined(() => mm.getUserByUsername(username));
  if (byName) return byName;
  const similar = await mm.searchUsers(username, 5).catch(() => []);
  const hint = similar.length
    ? ` Did you mean: ${similar.map((u) => `@${u.username}`).join(', ')}?`
    : '';
  throw new ToolError(`No user @${username}.${hint}`);
}

/**
 * A channel from an id, `~name` or a bare name (searched in every team of the user), `team/name`
 * (also `team/~name`), or `@username` (the direct-message channel, created when needed).
 * A name found in several teams is a tool error that lists them.
 */
export async function resolveChannel(mm: UserGateway, reference: string): Promise<ServerChannel> {
  const ref = reference.trim();
  if (!ref) throw new ToolError('A channel is required: an id, ~name, team/name or @username.');
  if (ref.startsWith('@')) {
    const user = await resolveUser(mm, ref);
    return mm.getOrCreateDirectChannel(user.id);
  }
  if (isMattermostId(ref)) {
    const byId = await orUndefined(() => mm.getChannel(ref));
    if (byId) return byId;
  }
  const slash = ref.indexOf('/');
  if (slash > 0) {
    const teamName = ref.slice(0, slash).trim();
    const channelName = normaliseChannelName(ref.slice(slash + 1));
    const team = await resolveTeam(mm, teamName);
    const channel = await orUndefined(() => mm.getChannelByName(team.id, channelName));
    if (!channel)
      throw new ToolError(`No channel ~${channelName} in team ${team.name} that you can see.`);
    return channel;
  }
  const channelName = normaliseChannelName(ref);
  const teams = await mm.getMyTeams();
  const found = await Promise.all(
    teams.map(async (team) => ({
      team,
      channel: await orUndefined(() => mm.getChannelByName(team.id, channelName)),
    })),
  );
  const matches = found.filter(
    (match): match is { team: Team; channel: ServerChannel } => !!match.channel,
  );
  if (matches.length === 1) return matches[0]!.channel;
  if (matches.length === 0) {
    throw new ToolError(
      `No channel ~${channelName} in your teams (${teams.map((t) => t.name).join(', ') || 'none'}). ` +
        'Use list_channels to see the channels you belong to.',
    );
  }
  throw new ToolError(
    `~${channelName} exists in several teams; name one of: ${matches
      .map((m) => `${m.team.name}/${channelName}`)
      .join(', ')}.`,
  );
}

function normaliseChannelName(name: string): string {
  return name.trim().replace(/^~/, '').toLowerCase();
}

/** A team of the user from its id or name. */
export async function resolveTeam(mm: UserGateway, reference: string): Promise<Team> {
  const ref = reference.trim();
  if (isMattermostId(ref)) {
    const byId = await orUndefined(() => mm.getTeam(ref));
    if (byId) return byId;
  }
  const byName = await orUndefined(() => mm.getTeamByName(ref.toLowerCase()));
  if (byName) return byName;
  const teams = await mm.getMyTeams();
  throw new ToolError(
    `No team "${ref}". Your teams: ${teams.map((t) => t.name).join(', ') || 'none'}.`,
  );
}

/**
 * How to refer to a channel in output: a DM's `@username`, otherwise its team name. Looks the
 * other user up (cached) only for direct messages.
 */
export async function describeChannelPlace(
  mm: UserGateway,
  channel: ServerChannel,
): Promise<{ teamName?: string; dmName?: string }> {
  if (channel.type === 'D') {
    const otherId = directPartnerId(channel, mm.userId);
    const other = await orUndefined(() => mm.getUser(otherId));
    return { dmName: `@${other?.username ?? otherId}` };
  }
  if (!channel.team_id) return {};
  const team = await orUndefined(() => mm.getTeam(channel.team_id));
  return team ? { teamName: team.name } : {};
}
