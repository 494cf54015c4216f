import type { OutgoingWebhook } from './types.js';

/** Everything an outgoing webhook tells its receiver about the post that fired it. */
export interface WebhookPayloadFacts {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  /** Creation time of the post, Unix milliseconds. */
  create_at: number;
  user_id: string;
  user_name: string;
  post_id: string;
  text: string;
  trigger_word: string;
  file_ids: string[];
}

/** The request body and its content type, as Mattermost builds them for the hook's `content_type`. */
export function webhookBody(
  hook: OutgoingWebhook,
  facts: WebhookPayloadFacts,
): { contentType: string; body: string } {
  const fields = {
    token: facts.token,
    team_id: facts.team_id,
    team_domain: facts.team_domain,
    channel_id: facts.channel_id,
    channel_name: facts.channel_name,
    user_id: facts.user_id,
    user_name: facts.user_name,
    post_id: facts.post_id,
    text: facts.text,
    trigger_word: facts.trigger_word,
    file_ids: facts.file_ids.join(','),
  };
  if (hook.content_type === 'application/json') {
    // JSON bodies carry the time in milliseconds ...
    return {
      contentType: 'application/json',
      body: JSON.stringify({ ...fields, timestamp: facts.create_at }),
    };
  }
  // ... form bodies in seconds.
  const form = new URLSearchParams({
    ...fields,
    timestamp: String(Math.floor(facts.create_at / 1000)),
  });
  return { contentType: 'application/x-www-form-urlencoded', body: form.toString() };
}

/** The part of a receiver's answer that becomes a post. */
export interface WebhookReply {
  text?: string;
  username?: string;
  icon_url?: string;
  props?: Record<string, unknown>;
  attachments?: unknown[];
  type?: string;
  response_type?: string;
  priority?: Record<string, unknown>;
}

/** Reads a receiver's answer; an empty, unparsable or text-less answer means no reply. */
export function parseWebhookReply(text: string): WebhookReply | undefined {
  if (!text.trim()) return undefined;
  try {
    const reply = JSON.parse(text) as unknown;
    if (!reply || typeof reply !== 'object' || Array.isArray(reply)) return undefined;
    const r = reply as WebhookReply;
    const hasContent =
      (typeof r.text === 'string' && r.text.length > 0) ||
      (Array.isArray(r.attachments) && r.attachments.length > 0);
    return hasContent ? r : undefined;
  } catch {
    return undefined;
  }
}
