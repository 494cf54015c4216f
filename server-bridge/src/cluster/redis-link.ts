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
export class RedisLink {
  readonly commands: Redis;
  readonly subscriber: Redis;
  private state: RedisState = 'down';
  private readonly listeners = new Set<(state: RedisState) => void>();

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
      // Errors are reported through the state change below; without a listener ioredis prints them.
      connection.on('error', () => {});
    }
    this.commands.on('ready', () => this.setState('up'));
    this.commands.on('close', () => this.setState('down'));
  }

  /** Connects both connections; resolves even when Redis is down (they keep trying). */
  async start(): Promise<void> {
    await Promise.allSettled([this.commands.connect(), this.subscriber.connect()]);
    if (this.state === 'down') {
      this.log.warn('Redis is unreachable; serving alone until it answers');
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

  private setState(state: RedisState): void {
    if (state === this.state) return;
    this.state = state;
    if (state === 'up') this.log.info('Redis is reachable');
    else this.log.warn('Redis connection lost; serving alone until it answers again');
    for (const listener of this.listeners) listener(state);
  }
}
