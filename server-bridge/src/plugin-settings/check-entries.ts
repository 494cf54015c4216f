import type { UserGateway } from '../gateway/user-gateway.js';
import type { ChannelEntry } from '../policy/channel-rules.js';
import type { Policy } from '../policy/policy.js';

function describe(entry: ChannelEntry): string {
  if (entry.kind === 'id') return entry.id;
  if (entry.kind === 'dm') return `@${entry.username}`;
  return entry.team ? `${entry.team}/${entry.name}` : entry.name;
}

/** Every channel entry of a policy, each once. */
export function policyEntries(policy: Policy): ChannelEntry[] {
  const all = [policy.channels.read, policy.channels.write].flatMap((set) => [
    ...set.allow.flat(),
    ...set.deny,
  ]);
  const seen = new Map(all.map((entry) => [describe(entry), entry]));
  return [...seen.values()];
}

/**
 * The entries that name nothing Mattermost knows, looked up as the bot (a system admin sees every
 * team and channel): a typo in a deny list would otherwise protect nothing, silently. Bare names
 * are not checked (they may match in any team, now or later).
 */
export async function unknownChannelEntries(
  bot: UserGateway,
  entries: readonly ChannelEntry[],
): Promise<string[]> {
  const unknown: string[] = [];
  for (const entry of entries) {
    try {
      if (entry.kind === 'id') await bot.getChannel(entry.id);
      else if (entry.kind === 'dm') await bot.getUserByUsername(entry.username);
      else if (entry.team)
        await bot.getChannelByName((await bot.getTeamByName(entry.team)).id, entry.name);
    } catch {
      unknown.push(describe(entry));
    }
  }
  return unknown;
}
