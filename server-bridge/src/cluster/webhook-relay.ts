import type { Logger } from '../observability/logger.js';
import type { WebhookDelivery, WebhookFeed } from '../webhooks/feed.js';
import type { RedisLink } from './redis-link.js';

/** How long the cluster's copy of the recent deliveries outlives the last one. */
const RECENT_TTL_SECONDS = 24 * 60 * 60;

/**
 * Shares outgoing-webhook deliveries between the bridges of a cluster: Mattermost delivers each
 * to one bridge (behind the load balancer), and every bridge's `mattermost://webhooks/outgoing`
 * subscribers must see it. A delivery received here is published on a Redis channel and kept in
 * a capped list (so a bridge that starts later, or comes back after Redis was away, loads the
 * recent ones); deliveries published by other bridges are added to the local feed, which keeps
 * each post once.
 */
export class WebhookRelay {
  private readonly channel: string;
  private readonly recentKey: string;
  /** True while a delivery from another bridge is being added, so it is not published again. */
  private applyingRemote = false;
  private readonly onLocal = (delivery: WebhookDelivery): void => {
    if (!this.applyingRemote) void this.publish(delivery);
  };
  private readonly onMessage = (channel: string, message: string): void => {
    if (channel === this.channel) this.applyRemote(message);
  };

  constructor(
    private readonly link: RedisLink,
    private readonly feed: WebhookFeed,
    private readonly log: Logger,
  ) {
    this.channel = link.key('webhooks');
    this.recentKey = link.key('webhooks', 'recent');
  }

  async start(): Promise<void> {
    this.feed.on('delivery', this.onLocal);
    this.link.subscriber.on('message', this.onMessage);
    await this.link.subscriber.subscribe(this.channel).catch(() => {});
    this.link.onStateChange((state) => {
      if (state === 'up') void this.loadRecent();
    });
    await this.loadRecent();
  }

  stop(): void {
    this.feed.off('delivery', this.onLocal);
    this.link.subscriber.off('message', this.onMessage);
  }

  private async publish(delivery: WebhookDelivery): Promise<void> {
    const message = JSON.stringify(delivery);
    try {
      await this.link.commands
        .multi()
        .lpush(this.recentKey, message)
        .ltrim(this.recentKey, 0, this.feed.capacity - 1)
        .expire(this.recentKey, RECENT_TTL_SECONDS)
        .publish(this.channel, message)
        .exec();
    } catch (err) {
      this.log.warn(
        { err, post_id: delivery.post_id },
        'a webhook delivery was not shared with the cluster',
      );
    }
  }

  /** Adds what other bridges received while this one was not listening, oldest first. */
  private async loadRecent(): Promise<void> {
    if (this.link.status === 'down') return;
    try {
      const recent = await this.link.commands.lrange(this.recentKey, 0, this.feed.capacity - 1);
      for (const message of recent.reverse()) this.applyRemote(message);
    } catch (err) {
      this.log.warn({ err }, "the cluster's recent webhook deliveries could not be read");
    }
  }

  private applyRemote(message: string): void {
    let delivery: WebhookDelivery;
    try {
      delivery = JSON.parse(message) as WebhookDelivery;
    } catch {
      return;
    }
    this.applyingRemote = true;
    try {
      this.feed.add(delivery);
    } finally {
      this.applyingRemote = false;
    }
  }
}
