import type { EventBus } from '../events.js';
import type { HubConnection } from './connection.js';

/** What the client actions need from the rest of the simulator. */
export interface ActionContext {
  bus: EventBus;
  serverVersion: string;
  isChannelMember(channelId: string, userId: string): boolean;
  /** Statuses by user id; all known statuses when `userIds` is absent. */
  statuses(userIds?: string[]): Record<string, string>;
  /** The client's own report of activity (`user_update_active_status`). */
  onActivity?(userId: string, active: boolean, manual: boolean): void;
}

export interface ClientAction {
  action: string;
  seq: number;
  data?: Record<string, unknown>;
}

type ActionResult = { data?: unknown } | { error: { id: string; message: string } };

const fail = (id: string, message: string): ActionResult => ({ error: { id, message } });

const stringOf = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Runs one client action of an authenticated connection and answers it with a reply frame. */
export function runAction(conn: HubConnection, msg: ClientAction, ctx: ActionContext): void {
  const result = handle(conn, msg, ctx);
  if ('error' in result) {
    conn.sendReply({ status: 'FAIL', seq_reply: msg.seq, error: result.error });
  } else {
    conn.sendReply({
      status: 'OK',
      seq_reply: msg.seq,
      ...(result.data === undefined ? {} : { data: result.data }),
    });
  }
}

function handle(conn: HubConnection, msg: ClientAction, ctx: ActionContext): ActionResult {
  const data = msg.data ?? {};
  switch (msg.action) {
    case 'authentication_challenge':
      return {};
    case 'ping':
      return {
        data: { text: 'pong', version: ctx.serverVersion, server_time: Date.now(), node_id: '' },
      };
    case 'user_typing': {
      const channelId = stringOf(data.channel_id);
      if (!channelId || !ctx.isChannelMember(channelId, conn.userId)) {
        return fail(
          'api.websocket_handler.invalid_param.app_error',
          'Invalid channel_id parameter.',
        );
      }
      ctx.bus.publish({
        event: 'typing',
        data: { parent_id: stringOf(data.parent_id), user_id: conn.userId },
        broadcast: { channel_id: channelId, omit_users: { [conn.userId]: true } },
      });
      return {};
    }
    case 'get_statuses':
      return { data: ctx.statuses() };
    case 'get_statuses_by_ids': {
      const ids = data.user_ids;
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
        return fail('api.websocket_handler.invalid_param.app_error', 'Invalid user_ids parameter.');
      }
      return { data: ctx.statuses(ids as string[]) };
    }
    case 'presence':
      // Where the client is looking decides whether it gets typing and reaction events. The
      // same action also reports the active team or thread, which leave the channel as it was.
      if ('channel_id' in data) conn.presenceChannelId = stringOf(data.channel_id);
      return {};
    case 'posted_notify_ack':
      return {};
    case 'user_update_active_status':
      ctx.onActivity?.(conn.userId, data.user_is_active === true, data.manual === true);
      return {};
    default:
      return fail('api.web_socket_router.bad_action.app_error', `Unknown action ${msg.action}.`);
  }
}
