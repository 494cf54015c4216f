import { ID_PATTERN } from '../resolve/names.js';
/**
 * Channel allow and deny lists. Entries are written by admins as `team/channel` (or `team/~channel`),
 * a channel id, `@username` (the direct messages with that person) or a bare channel name (that name
 * in any team). A channel is matched by what it is, not by how a tool named it: every reference a
 * tool receives is first resolved to the channel itself, then compared with the entries by id, by
 * team and name, and for direct messages by the other person's username. So an id, a name, a post
 * of the channel or a DM by @username all meet the same rule.
 */

export type ChannelEntry =
  | { kind: 'id'; id: string }
  | { kind: 'name'; team?: string; name: string }
  | { kind: 'dm'; username: string };

/** What a channel is, as far as matching goes. */
export interface ChannelIdentity {
  id: string;
  name: string;
  /** Team name; none for direct and group messages. */
  team?: string;
  /** Usernames of the other people of a direct message. */
  dmUsernames?: readonly string[];
}

export function parseChannelEntry(raw: string): ChannelEntry {
  const entry = raw.trim();
  if (!entry) throw new Error('an empty channel entry');
  if (entry.startsWith('@')) return { kind: 'dm', username: entry.slice(1).toLowerCase() };
  if (ID_PATTERN.test(entry)) return { kind: 'id', id: entry };
  const slash = entry.indexOf('/');
  if (slash > 0) {
    return {
      kind: 'name',
      team: entry.slice(0, slash).trim().toLowerCase(),
      name: entry
        .slice(slash + 1)
        .trim()
        .replace(/^~/, '')
        .toLowerCase(),
    };
  }
  return { kind: 'name', name: entry.replace(/^~/, '').toLowerCase() };
}

export function parseChannelEntries(
  list: readonly string[] | undefined,
): ChannelEntry[] | undefined {
  if (!list) return undefined;
  return list.filter((item) => item.trim()).map(parseChannelEntry);
}

export function matchesEntry(channel: ChannelIdentity, entry: ChannelEntry): boolean {
  switch (entry.kind) {
    case 'id':
      return channel.id === entry.id;
    case 'dm':
      return (channel.dmUsernames ?? []).includes(entry.username);
    case 'name':
      return (
        channel.name === entry.name && (entry.team === undefined || channel.team === entry.team)
      );
  }
}

/**
 * One side (reads or writes) of the rules. Every allow list must match (several sources each narrow
 * the set), no deny entry may match.
 */
export interface ChannelRuleSet {
  allow: ChannelEntry[][];
  deny: ChannelEntry[];
}

export interface ChannelRules {
  read: ChannelRuleSet;
  /** Applied to writes on top of `read`: a write must pass both. */
  write: ChannelRuleSet;
}

export const NO_CHANNEL_RULES: ChannelRules = {
  read: { allow: [], deny: [] },
  write: { allow: [], deny: [] },
};

export function hasChannelRules(rules: ChannelRules): boolean {
  return [rules.read, rules.write].some((set) => set.allow.length > 0 || set.deny.length > 0);
}

function passes(channel: ChannelIdentity, set: ChannelRuleSet): boolean {
  if (set.deny.some((entry) => matchesEntry(channel, entry))) return false;
  return set.allow.every((list) => list.some((entry) => matchesEntry(channel, entry)));
}

/** Whether the rules let an assistant read (or write to) this channel. */
export function channelAllowed(
  channel: ChannelIdentity,
  rules: ChannelRules,
  mode: 'read' | 'write',
): boolean {
  if (!passes(channel, rules.read)) return false;
  return mode === 'read' || passes(channel, rules.write);
}

/**
 * What is known of a channel the user cannot open (a channel of a team they have not joined),
 * from where Mattermost's post info says a post is: its id and type, and its team's name when the
 * team can be read. Its own name stays unknown.
 */
export interface ChannelSighting {
  id: string;
  /** O, P, D or G. */
  type: string;
  /** The team's name; none when it could not be read, or for direct and group messages. */
  team?: string;
}

/** Whether the entry matches: undefined when that hangs on what is not known of the channel. */
function sightingMatches(channel: ChannelSighting, entry: ChannelEntry): boolean | undefined {
  const teamless = channel.type === 'D' || channel.type === 'G';
  switch (entry.kind) {
    case 'id':
      return channel.id === entry.id;
    case 'dm':
      return channel.type === 'D' ? undefined : false;
    case 'name':
      if (entry.team !== undefined && (teamless || (channel.team && channel.team !== entry.team)))
        return false;
      return undefined;
  }
}

function sightingPasses(channel: ChannelSighting, set: ChannelRuleSet): boolean | undefined {
  const denied = set.deny.map((entry) => sightingMatches(channel, entry));
  if (denied.includes(true)) return false;
  let undecided = denied.includes(undefined);
  for (const list of set.allow) {
    const hits = list.map((entry) => sightingMatches(channel, entry));
    if (hits.includes(true)) continue;
    if (!hits.includes(undefined)) return false;
    undecided = true;
  }
  return undecided ? undefined : true;
}

/**
 * Whether the rules let an assistant read (or write to) a channel known only in part: undefined
 * when an entry could match and what it names cannot be told (the caller then refuses).
 */
export function sightingAllowed(
  channel: ChannelSighting,
  rules: ChannelRules,
  mode: 'read' | 'write',
): boolean | undefined {
  const read = sightingPasses(channel, rules.read);
  if (read === false || mode === 'read') return read;
  const write = sightingPasses(channel, rules.write);
  if (write === false) return false;
  return read === undefined || write === undefined ? undefined : true;
}
