import { EventEmitter } from 'node:events';

/**
 * Who may receive an event, with Mattermost's fields and precedence: connection_id, then
 * omit_connection_id, user_id, omit_users, channel_id (channel members), team_id (team members),
 * otherwise everyone.
 */
export interface Broadcast {
  connection_id?: string;
  omit_connection_id?: string;
  user_id?: string;
  omit_users?: Record<string, boolean>;
  channel_id?: string;
  team_id?: string;
}

/**
 * A server event as Mattermost builds it, before it is sequenced per connection. `data` carries
 * the payload exactly as sent (posts and channels as JSON strings where Mattermost does so).
 * `perUser` adds fields for particular recipients (`mentions`, `followers` on `posted`).
 */
export interface ServerEvent {
  event: string;
  data: Record<string, unknown>;
  broadcast: Broadcast;
  perUser?: Record<string, Record<string, unknown>>;
}

/** The in-process bus between the REST handlers that change state and the WebSocket hub. */
export class EventBus extends EventEmitter<{ event: [ServerEvent] }> {
  publish(event: ServerEvent): void {
    this.emit('event', event);
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    this.on('event', listener);
    return () => this.off('event', listener);
  }
}
