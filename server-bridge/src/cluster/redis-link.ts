import { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';

export type RedisState = 'up' | 'down';

export interface RedisLinkSettings {
  url: string;
  /** Prefix of every key and channel, so several clusters can share one Redis. */
  prefix: string;
  /** How long one command may take before the caller falls back to working alone. */
  commandTimeoutMs: number;
}

/**
 * The bridge's connections to Redis: one for commands, one for subscriptions (a subscribed
 * connection can send nothing else). Commands fail at once while Redis is unreachable (no offline
 * queue), so callers fall back to local state instead of waiting; ioredis reconnects by itself,
 * with a capped backoff, for as long as the bridge runs.
 */
/**
 * A Redis error's message as an admin should read it (WRONGPASS, NOAUTH, ECONNREFUSED...), with
 * any URL's user and password taken out: Redis never repeats a password, but a message may quote
 * the address.
 */
export function redisReason(err: unknown): string {
  // Duck-typed: an error made in another realm is no `instanceof Error` here.
  const message =
    typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
  // Up to the last `@` of the address: a password may itself hold `@` or `/`.
  return message.replace(/\/\/\S*@/g, '//[redacted]@').trim() || 'no reason given';
}

export class RedisLink {
  readonly commands: Redis;
  readonly subscriber: Redis;
  private state: RedisState = 'down';
  private readonly listeners = new Set<(state: RedisState) => void>();
  /** Why Redis last failed, and the reasons logged since it last answered: each once, not per retry. */
  private lastReason: string | undefined;
  private readonly logged = new Set<string>();
  private started = false;

  constructor(
    readonly settings: RedisLinkSettings,
    private readonly log: Logger,
  ) {
    const options = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: settings.commandTimeoutMs,
      connectTimeout: Math.max(1000, settings.commandTimeoutMs * 4),
      retryStrategy: (attempt: number) => Math.min(2000, 50 * 2 ** Math.min(attempt, 6)),
    };
    this.commands = new Redis(settings.url, options);
    // The subscriber keeps its subscriptions across reconnects, which needs its queue.
    this.subscriber = new Redis(settings.url, { ...options, enableOfflineQueue: true });
    for (const connection of [this.commands, this.subscriber]) {
      // Without a listener ioredis prints every error, once per retry.
      connection.on('error', (err) => this.noteError(err));
    }
    this.commands.on('ready', () => this.setState('up'));
    this.commands.on('close', () => this.setState('down'));
  }

  /** Connects both connections; resolves even when Redis is down (they keep trying). */
  async start(): Promise<void> {
    await Promise.allSettled([this.commands.connect(), this.subscriber.connect()]);
    this.started = true;
    if (this.state === 'down') {
      // connect() rejects with "Connection is closed."; the reason came with the error event.
      const reason = this.lastReason ?? 'no answer';
      this.logged.add(reason);
      this.log.warn({ reason }, `Redis is unreachable (${reason}); serving alone until it answers`);
    }
  }

  get status(): RedisState {
    return this.state;
  }

  /** Called with each change between up and down. */
  onStateChange(listener: (state: RedisState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  key(...parts: string[]): string {
    return [this.settings.prefix, ...parts].join(':');
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    this.commands.disconnect();
    this.subscriber.disconnect();
  }

  /** Logs a reason Redis failed the first time it comes since Redis last answered. */
  private noteError(err: unknown): void {
    const reason = redisReason(err);
    this.lastReason = reason;
    if (!this.started || this.logged.has(reason)) return;
    this.logged.add(reason);
    this.log.warn({ reason }, `Redis fails: ${reason}`);
  }

  private setState(state: RedisState): void {
    if (state === this.state) return;
    this.state = state;
    if (state === 'up') {
      this.logged.clear();
      this.lastReason = undefined;
      this.log.info('Redis is reachable');
    } else this.log.warn('Redis connection lost; serving alone until it answers again');
    for (const listener of this.listeners) listener(state);
  }
}
