import type { GatewayCaches } from './caches.js';

/** A Mattermost WebSocket event, as much of it as the caches need. */
export interface DirectoryEvent {
  event: string;
  data?: Record<string, unknown>;
  broadcast?: { channel_id?: string; team_id?: string; user_id?: string };
}

/** Payloads Mattermost JSON-encodes inside `data`; some come as objects. */
function idIn(value: unknown): string | undefined {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const id = (parsed as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id ? id : undefined;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value ? value : undefined;

/**
 * Drops what an event says has changed from the gateway's caches: a renamed, converted, deleted
 * or restored channel, a channel someone joined or left, a renamed or deleted team or one the
 * user left, a renamed user, a deleted post. Names resolve through the
 * cached objects, so dropping an object retires its names as well. Every viewer's copy goes:
 * coarse, but an event names no viewer reliably, and the next lookup costs one request.
 */
export function forgetChangedBy(caches: GatewayCaches, ev: DirectoryEvent): void {
  const data = ev.data ?? {};
  switch (ev.event) {
    case 'channel_updated':
    case 'channel_converted':
    case 'channel_deleted':
    case 'channel_restored':
    case 'channel_member_updated':
    case 'user_added':
    case 'user_removed': {
      const id =
        idIn(data.channel) ?? str(data.channel_id) ?? str(ev.broadcast?.channel_id) ?? undefined;
      if (!id) return;
      caches.forget('channels', id);
      return;
    }
    case 'update_team':
    case 'delete_team':
    case 'restore_team':
    case 'leave_team':
    case 'added_to_team': {
      const id = idIn(data.team) ?? str(data.team_id) ?? str(ev.broadcast?.team_id);
      if (!id) return;
      caches.forget('teams', id);
      if (ev.event !== 'update_team') {
        caches.channels.forgetGroup(id);
        caches.shared?.forget('channel', id, true);
      }
      return;
    }
    case 'user_updated': {
      const id = idIn(data.user);
      if (!id) return;
      caches.forget('users', id);
      return;
    }
    case 'post_deleted': {
      const id = idIn(data.post);
      if (id) caches.postPlaces.forget(id);
      return;
    }
    default:
  }
}
