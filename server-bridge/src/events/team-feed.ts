import type { FeedEvent } from './routing.js';

/**
 * The recent events of a user's teams, the newest `perTeam` by time per team. Each change is kept
 * once: a replayed or re-synchronised event with a key already seen is dropped, and so is one
 * older than everything a full list holds (it fell out of the feed before; a backfill reading
 * back over it must not bring it in again and push out newer events). Direct and group messages
 * belong to no team; they appear in every team's feed.
 */
export class TeamFeeds {
  private readonly byTeam = new Map<string, FeedEvent[]>();
  private readonly direct: FeedEvent[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly perTeam: number) {}

  /** Adds an event; false when it was already there, or is older than a full feed keeps. */
  add(event: FeedEvent): boolean {
    if (this.seen.has(event.key)) return false;
    const list = event.team_id ? this.listOf(event.team_id) : this.direct;
    if (list.length >= this.perTeam && event.at < list[0]!.at) return false;
    this.seen.add(event.key);
    // Sorted by time; events mostly come newest last, so the search starts from the end.
    let i = list.length;
    while (i > 0 && list[i - 1]!.at > event.at) i--;
    list.splice(i, 0, event);
    if (list.length > this.perTeam) {
      const dropped = list.splice(0, list.length - this.perTeam);
      for (const d of dropped) this.seen.delete(d.key);
    }
    return true;
  }

  /** Events of one team (and direct messages), oldest first. */
  of(teamId: string): FeedEvent[] {
    const team = this.byTeam.get(teamId) ?? [];
    return [...team, ...this.direct].sort((a, b) => a.at - b.at).slice(-this.perTeam);
  }

  get size(): number {
    return this.seen.size;
  }

  private listOf(teamId: string): FeedEvent[] {
    let list = this.byTeam.get(teamId);
    if (!list) this.byTeam.set(teamId, (list = []));
    return list;
  }
}
