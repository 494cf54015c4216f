import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { BridgeConfig } from '../config.js';

/** What a session remembers between requests, whichever server answers them. */
export interface SessionState {
  /** Toolsets added with enable_toolset, in the order they were added. */
  toolsets: string[];
}

/**
 * Where session state lives. A 2026-07-28 request meets a fresh server each time, and a
 * 2025-era session may be served by another bridge of a cluster: what a session chose must not
 * live only in one server object. The in-memory store serves one bridge; a shared store (Redis)
 * implements the same two calls.
 */
export interface SessionStateStore {
  get(key: string): Promise<SessionState | undefined>;
  /** Adds toolsets to the session's state (creating it), keeping it for another idle period. */
  addToolsets(key: string, toolsets: readonly string[]): Promise<void>;
}

export interface MemorySessionStateOptions {
  /** Sessions remembered at most; the least recently used is forgotten first. */
  max: number;
  /** A session unused this long is forgotten. */
  idleMs: number;
}

/** Session state of this bridge alone, bounded in count and idle time. */
export class MemorySessionStateStore implements SessionStateStore {
  private readonly states: LRUCache<string, SessionState>;

  constructor(options: MemorySessionStateOptions) {
    this.states = new LRUCache({
      max: options.max,
      ttl: options.idleMs,
      updateAgeOnGet: true,
    });
  }

  async get(key: string): Promise<SessionState | undefined> {
    const state = this.states.get(key);
    return state ? { toolsets: [...state.toolsets] } : undefined;
  }

  async addToolsets(key: string, toolsets: readonly string[]): Promise<void> {
    const state = this.states.get(key) ?? { toolsets: [] };
    const merged = [...new Set([...state.toolsets, ...toolsets])];
    this.states.set(key, { toolsets: merged });
  }
}

/** Session state of this bridge alone: as many sessions as it may hold, forgotten when idle. */
export function sessionStateStore(config: BridgeConfig): SessionStateStore {
  return new MemorySessionStateStore({
    max: config.BRIDGE_MAX_SESSIONS * 2,
    idleMs: config.BRIDGE_SESSION_IDLE_MS,
  });
}

/**
 * The state key of a 2026-07-28 client: the era has no session id, so the client's sign-in and
 * its name stand for its session. A sign-in belongs to one client (an OAuth grant, named by
 * `credential` as its tokens rotate; or a personal access token pasted into one assistant); the
 * client name keeps two assistants sharing a token apart. A token is never kept, only its digest.
 */
export function modernStateKey(
  principal: { token: string; credential?: string },
  clientName: string | undefined,
): string {
  const signIn =
    principal.credential ?? createHash('sha256').update(principal.token).digest('base64url');
  const digest = createHash('sha256').update(signIn).digest('base64url');
  return `modern:${digest}:${(clientName ?? '').slice(0, 100)}`;
}

/** The state key of a 2025-era HTTP session. */
export function sessionStateKey(sessionId: string): string {
  return `session:${sessionId}`;
}
