import type { Post, UserGateway } from '../gateway/user-gateway.js';
import { defuseBroadcastMentions } from './broadcast.js';
import type { ChannelGuard } from './channel-guard.js';
import { PolicyError } from './policy-error.js';
import type { Policy } from './policy.js';

/** The props every post an assistant writes carries, so people (and plugins) see what an AI wrote. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

export function assistantMark(clientName: string | undefined): Record<string, string> {
  // The name is whatever the client said in initialize: printable and short, or `unknown`.
  const name = (clientName ?? '').replace(CONTROL_CHARACTERS, '').trim().slice(0, 64);
  return { from_mcp_bridge: 'true', mcp_client: name || 'unknown' };
}

export interface GuardDeps {
  policy: () => Policy;
  guard: ChannelGuard;
  /** The MCP client's name as it introduced itself (`clientInfo.name`). */
  clientName: () => string | undefined;
}

const RAW = Symbol('unguarded gateway');

/** The gateway under a guard (itself when it has none): policy lookups must not be screened. */
export function unguarded(mm: UserGateway): UserGateway {
  return ((mm as unknown as Record<symbol, UserGateway | undefined>)[RAW] ?? mm) as UserGateway;
}

/** Methods that write a message: the text is checked and defused, the post marked, the channel checked. */
const NEW_MESSAGE_METHODS = new Set(['createPost', 'createScheduledPost']);

type Row = Record<string, unknown>;

/**
 * JSON-like objects only: Maps, Buffers, arrays pass untouched. Checked by tag, not prototype, as
 * answers may come from another realm (the fetch implementation's).
 */
function isObject(value: unknown): value is Row {
  return Object.prototype.toString.call(value) === '[object Object]';
}

/** A channel record (not a post or membership): it has a type and a name but no channel_id. */
function isChannel(value: Row): boolean {
  return (
    typeof value.id === 'string' &&
    typeof value.type === 'string' &&
    'team_id' in value &&
    'display_name' in value
  );
}

/** The channel a result row belongs to, if it tells. */
function channelOf(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.channel_id === 'string' && value.channel_id) return value.channel_id;
  if (isChannel(value)) return value.id as string;
  if (isObject(value.post) && typeof value.post.channel_id === 'string')
    return value.post.channel_id;
  return undefined;
}

/**
 * The user's gateway as tools, resources and prompts see it once a policy is in force. Writes of
 * messages are checked before they reach Mattermost (channel, length, broadcast mentions) and carry
 * the assistant mark; every answer is screened for what the channel rules hide: a single post,
 * file or channel of a hidden channel is refused, lists (channels, search hits, threads, files)
 * lose those rows. Tools need not know any of it.
 */
export function guardGateway(mm: UserGateway, deps: GuardDeps): UserGateway {
  const { guard } = deps;

  function checkMessage(message: string): string {
    const policy = deps.policy();
    if (message.length > policy.maxMessageLength) {
      throw new PolicyError(
        `The message is ${message.length} characters long; the bridge allows at most ${policy.maxMessageLength}. ` +
          'Shorten it or split it into several messages.',
        'message_length',
      );
    }
    return policy.allowBroadcastMentions ? message : defuseBroadcastMentions(message);
  }

  async function screenRows(rows: unknown[]): Promise<unknown[]> {
    const keep = await Promise.all(
      rows.map(async (row) => {
        const channelId = channelOf(row);
        return !channelId || (await guard.allows(channelId, 'read'));
      }),
    );
    return rows.filter((_row, i) => keep[i]);
  }

  /** Hides what the rules hide in an answer; throws for a single hidden object. */
  async function screen(result: unknown): Promise<unknown> {
    if (!guard.active || result === undefined || result === null) return result;
    if (Array.isArray(result)) return screenRows(result);
    if (!isObject(result)) return result;
    const own = channelOf(result);
    if (own) {
      await guard.check(own, 'read');
      return result;
    }
    // Post lists and search pages: `order` + `posts` (or `file_infos`), keyed by id.
    for (const key of ['posts', 'file_infos']) {
      const map = result[key];
      if (isObject(map) && Array.isArray(result.order)) {
        const entries = Object.entries(map);
        const kept = new Set(
          (await screenRows(entries.map(([, row]) => row))).map((row) => (row as Row).id as string),
        );
        const filtered = Object.fromEntries(entries.filter(([id]) => kept.has(id)));
        return {
          ...result,
          [key]: filtered,
          order: (result.order as string[]).filter((id) => kept.has(id)),
          ...(isObject(result.matches)
            ? {
                matches: Object.fromEntries(
                  Object.entries(result.matches).filter(([id]) => kept.has(id)),
                ),
              }
            : {}),
        };
      }
    }
    // Other pages: every array of rows that name a channel is screened (threads, members, ...).
    const out: Row = { ...result };
    for (const [key, value] of Object.entries(result)) {
      if (Array.isArray(value) && value.some((row) => channelOf(row)))
        out[key] = await screenRows(value);
    }
    return out;
  }

  async function beforeNewMessage(post: Row): Promise<Row> {
    await guard.check(post.channelId as string, 'write');
    return {
      ...post,
      message: checkMessage(String(post.message ?? '')),
      props: {
        ...((post.props as Record<string, string>) ?? {}),
        ...assistantMark(deps.clientName()),
      },
    };
  }

  return new Proxy(mm, {
    get(target, property, receiver) {
      if (property === RAW) return target;
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (NEW_MESSAGE_METHODS.has(property)) {
        return async (post: Row, ...rest: unknown[]) =>
          method.call(target, await beforeNewMessage(post), ...rest);
      }
      if (property === 'patchPost') {
        return async (postId: string, message: string, props?: Record<string, unknown>) => {
          const current: Post = await target.getPost(postId);
          await guard.check(current.channel_id, 'write');
          return method.call(target, postId, checkMessage(message), {
            ...(current.props ?? {}),
            ...(props ?? {}),
            ...assistantMark(deps.clientName()),
          });
        };
      }
      if (property === 'updateScheduledPost') {
        return async (post: Row, ...rest: unknown[]) => {
          await guard.check(post.channel_id as string, 'write');
          return method.call(
            target,
            { ...post, message: checkMessage(String(post.message ?? '')) },
            ...rest,
          );
        };
      }
      // Answers are screened; a synchronous method (none today) stays synchronous and unscreened.
      return (...args: unknown[]) => {
        const answer: unknown = method.apply(target, args);
        return typeof (answer as Promise<unknown> | undefined)?.then === 'function'
          ? (answer as Promise<unknown>).then(screen)
          : answer;
      };
    },
  });
}
