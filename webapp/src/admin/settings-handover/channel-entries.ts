// The channel allow and deny lists as admins type them (team/channel names, channel ids, @usernames,
// bare channel names), checked and made exact with the admin's own session before the bridge gets
// them: `team/channel` becomes the channel's id, which the bridge's bot may use without seeing the
// team, and an entry naming nothing Mattermost knows stops the save instead of protecting nothing.
import type { Client } from '../../client/client';
import { ApiError } from '../../client/errors';

/** Mattermost ids: 26 lower-case letters and digits. */
const ID = /^[a-z0-9]{26}$/;

export function splitEntries(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  return text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

async function exists(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return false;
    throw err;
  }
}

export interface ResolvedEntries {
  /** The entries as the bridge should read them. */
  entries: string[];
  /** Entries naming no team, channel or user. */
  unknown: string[];
}

export async function resolveEntries(client: Client, text: unknown): Promise<ResolvedEntries> {
  const entries: string[] = [];
  const unknown: string[] = [];
  for (const entry of splitEntries(text)) {
    const slash = entry.indexOf('/');
    if (slash > 0) {
      const team = encodeURIComponent(entry.slice(0, slash));
      const name = encodeURIComponent(entry.slice(slash + 1).replace(/^~/, ''));
      try {
        const channel = await client.get<{ id: string }>(
          `/teams/name/${team}/channels/name/${name}?include_deleted=true`,
        );
        entries.push(channel.id);
      } catch (err) {
        if (!(err instanceof ApiError && (err.status === 404 || err.status === 400))) throw err;
        unknown.push(entry);
      }
    } else if (entry.startsWith('@')) {
      const found = await exists(() =>
        client.get(`/users/username/${encodeURIComponent(entry.slice(1))}`),
      );
      (found ? entries : unknown).push(entry);
    } else if (ID.test(entry)) {
      ((await exists(() => client.get(`/channels/${entry}`))) ? entries : unknown).push(entry);
    } else {
      // A bare channel name may match in any team, now or later: the bridge resolves it per call.
      entries.push(entry);
    }
  }
  return { entries, unknown };
}
