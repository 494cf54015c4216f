import type { RedisLink } from './redis-link.js';

/**
 * What the bridge holding a user's WebSocket tells the other bridges: each Mattermost event, and
 * "resync" when its connection is new (events may have been lost, so every bridge re-reads).
 */
export type RelayedMessage = { kind: 'event'; event: unknown } | { kind: 'resync' };

/**
 * Mattermost events of a user carried between bridges on a Redis channel per user: the holder of
 * the user's socket publishes; bridges with subscribers of that user listen.
 */
export class EventRelay {
  private readonly handlers = new Map<string, Set<(message: RelayedMessage) => void>>();
  private readonly onMessage = (channel: string, raw: string): void => {
    const handlers = this.handlers.get(channel);
    if (!handlers) return;
    let message: RelayedMessage;
    try {
      message = JSON.parse(raw) as RelayedMessage;
    } catch {
      return;
    }
    for (const handler of handlers) handler(message);
  };

  constructor(private readonly link: RedisLink) {
    link.subscriber.on('message', this.onMessage);
  }

  private channel(userId: string): string {
    return this.link.key('events', userId);
  }

  /** Publishes to every bridge listening for the user; false when Redis did not take it. */
  async publish(userId: string, message: RelayedMessage): Promise<boolean> {
    try {
      await this.link.commands.publish(this.channel(userId), JSON.stringify(message));
      return true;
    } catch {
      return false;
    }
  }

  /** Listens for a user's relayed messages; the returned function stops listening. */
  async listen(userId: string, handler: (message: RelayedMessage) => void): Promise<() => void> {
    const channel = this.channel(userId);
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(channel, handlers);
      await this.link.subscriber.subscribe(channel);
    }
    handlers.add(handler);
    return () => {
      const set = this.handlers.get(channel);
      if (!set?.delete(handler) || set.size > 0) return;
      this.handlers.delete(channel);
      void this.link.subscriber.unsubscribe(channel).catch(() => {});
    };
  }

  stop(): void {
    this.link.subscriber.off('message', this.onMessage);
    this.handlers.clear();
  }
}
