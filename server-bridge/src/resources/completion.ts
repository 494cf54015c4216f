import type { UserGateway, UserProfile } from '../gateway/user-gateway.js';
import {
  channelForms,
  channelReference,
  placedChannels,
  userForms,
  type PlacedChannel,
} from './names.js';

/** Most values one completion offers (MCP allows 100). */
export const MAX_COMPLETIONS = 100;
/** People looked up for one completion. */
const USERS_LOOKED_UP = 20;

/** Something that can be offered, with every form a person might start typing for it. */
export interface Candidate {
  value: string;
  forms: readonly string[];
}

/**
 * How well a form answers what was typed, lower is better: the whole form (0), its start (1), the
 * start of one of its words (2); undefined when it does not match. Case is ignored.
 */
function score(form: string, typed: string): number | undefined {
  const text = form.toLowerCase();
  if (text === typed) return 0;
  if (text.startsWith(typed)) return 1;
  if (
    text
      .split(/[\s/~@._-]+/)
      .filter(Boolean)
      .some((word) => word.startsWith(typed))
  )
    return 2;
  return undefined;
}

/**
 * The values whose forms match what was typed, best first (then shortest, then alphabetical),
 * each once, at most `max`. Nothing typed matches everything.
 */
export function rankCandidates(
  typed: string,
  candidates: readonly Candidate[],
  max = MAX_COMPLETIONS,
): string[] {
  const wanted = typed.trim().toLowerCase();
  const best = new Map<string, number>();
  for (const candidate of candidates) {
    const scores = candidate.forms
      .map((form) => (wanted ? score(form, wanted) : 1))
      .filter((s): s is number => s !== undefined);
    if (scores.length === 0) continue;
    const s = Math.min(...scores);
    const before = best.get(candidate.value);
    if (before === undefined || s < before) best.set(candidate.value, s);
  }
  return [...best]
    .sort(([a, sa], [b, sb]) => sa - sb || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, max)
    .map(([value]) => value);
}

/** People whose name starts with what was typed (without its `@`), looked up in Mattermost. */
async function peopleLike(mm: UserGateway, typed: string): Promise<UserProfile[]> {
  const term = typed.trim().replace(/^@/, '');
  // `~name` and `team/…` name channels only.
  if (!term || term.startsWith('~') || term.includes('/')) return [];
  return mm.searchUsers(term, USERS_LOOKED_UP).catch(() => []);
}

/** The person's own channels as candidates, each offered as `value(channel)`. */
function channelCandidates(
  channels: readonly PlacedChannel[],
  value: (placed: PlacedChannel) => string,
): Candidate[] {
  return channels.map((placed) => ({ value: value(placed), forms: channelForms(placed) }));
}

/**
 * Completion of a channel reference (a prompt's `channel`): whatever form was typed (an id's
 * start, `~name`, `team/~name`, a display name, `@username`), the channels and people it may
 * name, as references the prompt accepts: `team/~name`, or `@username` for a direct message.
 */
export async function completeChannelReference(mm: UserGateway, typed: string): Promise<string[]> {
  const [channels, people] = await Promise.all([placedChannels(mm), peopleLike(mm, typed)]);
  return rankCandidates(typed, [
    ...channelCandidates(channels, channelReference),
    ...people.map((user) => ({ value: `@${user.username}`, forms: userForms(user) })),
  ]);
}

/** Completion of a channel id (a resource template): the same forms, answered with ids. */
export async function completeChannelId(mm: UserGateway, typed: string): Promise<string[]> {
  return rankCandidates(
    typed,
    channelCandidates(await placedChannels(mm), (p) => p.channel.id),
  );
}

/** Completion of a team id: by id, name or display name. */
export async function completeTeamId(mm: UserGateway, typed: string): Promise<string[]> {
  const teams = await mm.getMyTeams();
  return rankCandidates(
    typed,
    teams.map((t) => ({ value: t.id, forms: [t.id, t.name, t.display_name] })),
  );
}

/** Completion of a user id: by id, `@username`, username or full name; yourself when nothing is typed. */
export async function completeUserId(
  mm: UserGateway,
  self: { id: string },
  typed: string,
): Promise<string[]> {
  if (!typed.trim()) return [self.id];
  const people = await peopleLike(mm, typed);
  return rankCandidates(
    typed,
    people.map((user) => ({ value: user.id, forms: userForms(user) })),
  );
}
