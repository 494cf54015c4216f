import type { BridgeMetrics } from '../observability/bridge-metrics.js';
import type { Logger } from '../observability/logger.js';
import type { SessionServer } from '../mcp/registry.js';
import type { SharedSessionRecord } from './mcp-route.js';
import type { SessionTransport } from './session-transport.js';

/** One MCP session over Streamable HTTP, bound to the user who opened it. */
export interface HttpSession {
  id: string;
  userId: string;
  transport: SessionTransport;
  /** Resource URIs the client subscribed to, kept for the other bridges of a cluster. */
  subscriptions: Set<string>;
  /** What the other bridges of a cluster know of it, when there is a cluster. */
  shared?: SharedSessionRecord;
  server: SessionServer;
  lastSeen: number;
  /** HTTP requests of this session being served now; a busy session is never swept. */
  inFlight: number;
}

export interface SessionStoreSettings {
  maxSessions: number;
  /** Sessions one user may hold, so no one user can take every session. */
  maxSessionsPerUser: number;
  idleMs: number;
}

/** Why a new session is refused: the bridge's limit, or the user's own. */
export type SessionLimit = 'limit' | 'user_limit';

/** Open sessions, their limit, and the sweep that closes the idle ones. */
export class SessionStore {
  private readonly sessions = new Map<string, HttpSession>();
  /** Open sessions per user id. */
  private readonly perUser = new Map<string, number>();
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly settings: SessionStoreSettings,
    private readonly metrics: BridgeMetrics,
    private readonly log: Logger,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** The limit a new session of this user would break, if any. */
  limitFor(userId: string): SessionLimit | undefined {
    if ((this.perUser.get(userId) ?? 0) >= this.settings.maxSessionsPerUser) return 'user_limit';
    if (this.sessions.size >= this.settings.maxSessions) return 'limit';
    return undefined;
  }

  get(id: string): HttpSession | undefined {
    return this.sessions.get(id);
  }

  add(session: HttpSession): void {
    this.sessions.set(session.id, session);
    this.perUser.set(session.userId, (this.perUser.get(session.userId) ?? 0) + 1);
    this.metrics.sessions.set(this.sessions.size);
    this.log.info({ session_id: session.id, user_id: session.userId }, 'session opened');
  }

  /** Forgets a session and closes its server (its transport closes with it). */
  async remove(id: string, reason: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    const left = (this.perUser.get(session.userId) ?? 1) - 1;
    if (left > 0) this.perUser.set(session.userId, left);
    else this.perUser.delete(session.userId);
    this.metrics.sessions.set(this.sessions.size);
    this.log.info({ session_id: id, user_id: session.userId, reason }, 'session closed');
    try {
      await session.server.close();
    } catch (err) {
      this.log.warn({ err, session_id: id }, 'closing a session failed');
    }
  }

  /** Closes sessions unused for longer than the idle limit. */
  async sweep(now: number = Date.now()): Promise<number> {
    const idle = [...this.sessions.values()].filter(
      (session) => session.inFlight === 0 && now - session.lastSeen > this.settings.idleMs,
    );
    await Promise.all(idle.map((session) => this.remove(session.id, 'idle')));
    return idle.length;
  }

  startSweeping(): void {
    const every = Math.max(1000, Math.min(60_000, Math.floor(this.settings.idleMs / 2)));
    this.sweeper = setInterval(() => void this.sweep(), every);
    this.sweeper.unref();
  }

  busy(): number {
    let count = 0;
    for (const session of this.sessions.values()) count += session.inFlight;
    return count;
  }

  async closeAll(reason: string): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((id) => this.remove(id, reason)));
  }
}
