import type { UserGateway } from '../gateway/user-gateway.js';
import { SCREENS, type ReadCheck } from './answer-screens.js';
import { defuseBroadcastMentions } from './broadcast.js';
import { ChannelGuard } from './channel-guard.js';
import {
  GATEWAY_RULES,
  type GatewayMethod,
  type MessageWriter,
  type Target,
} from './gateway-rules.js';
import type { Policy } from './policy.js';
import { PolicyError } from '../errors.js';
import type { SessionPolicy } from './policy-profiles.js';
import { characterCount } from '../format/text.js';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** The props every post an assistant writes carries, so people (and plugins) see what an AI wrote. */
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
  return (mm as UserGateway & { [RAW]?: UserGateway })[RAW] ?? mm;
}

/** Every gateway method, in the order of the policy table. */
export const GATEWAY_METHODS = Object.keys(GATEWAY_RULES) as GatewayMethod[];

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/** A rule of the table seen without its method's argument types, as the wrapping applies it. */
type AppliedRule =
  | { kind: 'none' }
  | { kind: 'message_write'; prepare: (w: MessageWriter, ...args: unknown[]) => Promise<unknown[]> }
  | {
      kind: 'channel_write' | 'channel_read';
      target: (
        raw: UserGateway,
        ...args: unknown[]
      ) => Target | undefined | Promise<Target | undefined>;
    }
  | { kind: 'screened'; screen: keyof typeof SCREENS };

/**
 * The user's gateway as tools, resources and prompts see it once a policy is in force, each method
 * wrapped as the policy table (`gateway-rules.ts`) says: messages checked, defused and marked before
 * they reach Mattermost, channel writes and reads refused for channels the rules keep assistants out
 * of, answers screened by their named screen (a single hidden object refused, lists without the
 * hidden rows). Tools need not know any of it.
 */
export function guardGateway(mm: UserGateway, deps: GuardDeps): UserGateway {
  const { guard } = deps;

  const reads: ReadCheck = {
    check: (channelId) => guard.check(channelId, 'read'),
    checkSeen: (place) => guard.check(place, 'read'),
    allows: (channelId) => guard.allows(channelId, 'read'),
  };

  const writer: MessageWriter = {
    raw: mm,
    checkWrite: (channelId) => guard.check(channelId, 'write'),
    text(message) {
      const policy = deps.policy();
      const sent = policy.allowBroadcastMentions ? message : defuseBroadcastMentions(message);
      // Counted as sent: Mattermost counts the joiners that defuse @all/@channel/@here too.
      const length = characterCount(sent);
      if (length > policy.maxMessageLength) {
        const joiners = length - characterCount(message);
        throw new PolicyError(
          `The message is ${length} characters long` +
            (joiners
              ? ` with the ${joiners} joiner(s) that keep @all/@channel/@here from notifying`
              : '') +
            `; the bridge allows at most ${policy.maxMessageLength}. Shorten it or split it into several messages.`,
          'message_length',
        );
      }
      return sent;
    },
    mark: () => assistantMark(deps.clientName()),
  };

  async function channelOf(target: Target): Promise<string | undefined> {
    if ('channel' in target) return target.channel;
    if ('post' in target) return (await mm.getPostPlace(target.post)).channel_id;
    return (await mm.getFileInfo(target.file)).channel_id || undefined;
  }

  function wrap(method: AnyMethod, rule: AppliedRule): AnyMethod {
    switch (rule.kind) {
      case 'none':
        return method;
      case 'message_write': {
        const prepare = rule.prepare as (
          w: MessageWriter,
          ...args: unknown[]
        ) => Promise<unknown[]>;
        return async (...args) => method(...(await prepare(writer, ...args)));
      }
      case 'channel_write':
      case 'channel_read': {
        const targetOf = rule.target as (
          raw: UserGateway,
          ...args: unknown[]
        ) => Target | undefined;
        const mode = rule.kind === 'channel_write' ? 'write' : 'read';
        return async (...args) => {
          if (guard.active) {
            const target = await targetOf(mm, ...args);
            const channelId = target && (await channelOf(target));
            if (channelId) await guard.check(channelId, mode);
          }
          return method(...args);
        };
      }
      case 'screened': {
        const screen = SCREENS[rule.screen] as (answer: unknown, rules: ReadCheck) => unknown;
        return async (...args) => {
          const answer = await method(...args);
          return guard.active && answer != null ? screen(answer, reads) : answer;
        };
      }
    }
  }

  // Each method is wrapped when first used, and kept on the object: a session that uses a few
  // methods holds a few wrappers, not one closure and one bound function per gateway method.
  const guarded = Object.create(LAZY_METHODS) as Record<string | symbol, unknown>;
  guarded.userId = mm.userId;
  guarded[RAW] = mm;
  guarded[WRAP] = (name: GatewayMethod) =>
    wrap((mm[name] as AnyMethod).bind(mm), GATEWAY_RULES[name] as unknown as AppliedRule);
  return guarded as unknown as UserGateway;
}

const WRAP = Symbol('wraps one gateway method');

/**
 * The prototype of every guarded gateway: one getter per gateway method, shared, that wraps the
 * method for the object it is read on and defines the wrapper on that object, where the next read
 * finds it.
 */
const LAZY_METHODS: object = Object.create(
  Object.prototype,
  Object.fromEntries(
    GATEWAY_METHODS.map((name) => [
      name,
      {
        get(this: Record<string | symbol, unknown>) {
          const method = (this[WRAP] as (name: GatewayMethod) => AnyMethod)(name);
          Object.defineProperty(this, name, {
            value: method,
            enumerable: true,
            writable: true,
            configurable: true,
          });
          return method;
        },
      },
    ]),
  ),
);

/**
 * A user's gateway under a session's policy, and the guard of its channel rules, which names the
 * session's profiles that refuse a channel: what every way into a session's content goes through.
 */
export function guardSession(
  raw: UserGateway,
  policy: () => SessionPolicy,
  clientName: () => string | undefined,
): { mm: UserGateway; guard: ChannelGuard } {
  const guard = new ChannelGuard(
    raw,
    () => policy().channels,
    () => policy().profiles,
  );
  return { mm: guardGateway(raw, { policy, guard, clientName }), guard };
}
