import { EventEmitter } from 'node:events';

/** One delivery of a Mattermost outgoing webhook, as kept by the bridge (the token is not kept). */
export interface WebhookDelivery {
  post_id: string;
  channel_id: string;
  channel_name: string;
  team_id: string;
  team_domain: string;
  user_id: string;
  user_name: string;
  text: string;
  trigger_word: string;
  file_ids: string[];
  /** When Mattermost created the post, Unix milliseconds. */
  timestamp: number;
  /** When the bridge received the delivery, Unix milliseconds. */
  received_at: number;
}

/**
 * The most recent deliveries, bounded in memory, newest last. A delivery Mattermost sends again
 * for the same post (a retry) is kept once.
 */
export class WebhookFeed extends EventEmitter<{ delivery: [WebhookDelivery] }> {
  private readonly byPost = new Map<string, WebhookDelivery>();

  constructor(readonly capacity: number) {
    super();
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be >= 1');
  }

  /** Adds a delivery; false when the same post was already delivered. */
  add(delivery: WebhookDelivery): boolean {
    if (this.byPost.has(delivery.post_id)) return false;
    this.byPost.set(delivery.post_id, delivery);
    // A Map iterates in insertion order: the first key is the oldest delivery.
    while (this.byPost.size > this.capacity) this.byPost.delete(this.byPost.keys().next().value!);
    this.emit('delivery', delivery);
    return true;
  }

  /** Deliveries, oldest first, optionally only those that pass `visible`. */
  list(visible?: (d: WebhookDelivery) => boolean): WebhookDelivery[] {
    const all = [...this.byPost.values()];
    return visible ? all.filter(visible) : all;
  }

  get size(): number {
    return this.byPost.size;
  }
}
