import type { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { BridgeMetrics } from '../observability/bridge-metrics.js';
import type { Logger } from '../observability/logger.js';
import type { SessionServer } from '../mcp/registry.js';

/** One MCP session over Streamable HTTP, bound to the user who opened it. */
export interface HttpSession {
  id: string;
  userId: string;
  transport: NodeStreamableHTTPServerTransport;
  server: SessionServer;
  lastSeen: number;
  /** HTTP requests of this session being served now; a busy session is never swept. */
  inFlight: number;
}

export interface SessionStoreSettings {
  maxSessions: number;
  idleMs: number;
}

/** Open sessions, their limit, and the sweep that closes the idle ones. */
export class SessionStore {
  private readonly sessions = new Map<string, HttpSession>();
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly settings: SessionStoreSettings,
    private readonly metrics: BridgeMetrics,
    private readonly log: Logger,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  isFull(): boolean {
    return this.sessions.size >= this.settings.maxSessions;
  }

  get(id: string): HttpSession | undefined {
    return this.sessions.get(id);
  }

  add(session: HttpSession): void {
    this.sessions.set(session.id, session);
    this.metrics.sessions.set(this.sessions.size);
    this.log.info({ session_id: session.id, user_id: session.userId }, 'session opened');
  }

  /** Forgets a session and closes its server (its transport closes with it). */
  async remove(id: string, reason: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
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
