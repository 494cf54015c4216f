import { z } from 'zod';
import type { ScheduledPost } from '../gateway/user-gateway.js';
import { snippet } from './threads.js';
import { DURATION_UNITS, isoTime } from './time.js';
import { pickPresent } from './fields.js';

export const scheduledSummarySchema = z.object({
  id: z.string(),
  channel: z.string().describe('Where it will be posted: team/~channel, @username or group.'),
  channel_id: z.string(),
  root_id: z.string().optional().describe('The thread it replies to.'),
  scheduled_at: z.string().describe('ISO 8601, UTC.'),
  message: z.string(),
  error: z.string().optional().describe('Why Mattermost could not send it, when it failed.'),
});
export type ScheduledSummary = z.infer<typeof scheduledSummarySchema>;

export function toScheduledSummary(post: ScheduledPost, channel: string): ScheduledSummary {
  return {
    id: post.id,
    channel,
    channel_id: post.channel_id,
    ...pickPresent(post, 'root_id'),
    scheduled_at: isoTime(post.scheduled_at),
    message: post.message,
    ...(post.error_code ? { error: post.error_code } : {}),
  };
}

/** `[2026-05-04T09:00:00Z] → acme/~town: "text…" · id … · failed: channel_archived` */
export function formatScheduledLine(post: ScheduledSummary): string {
  const parts = [`[${post.scheduled_at}] → ${post.channel}: "${snippet(post.message)}"`];
  if (post.root_id) parts.push(`in thread ${post.root_id}`);
  parts.push(`id ${post.id}`);
  if (post.error) parts.push(`failed: ${post.error}`);
  return parts.join(' · ');
}

/**
 * A future time from an ISO 8601 date (with a time zone or read as UTC) or a delay from now
 * (`30m`, `in 2h`, `1d`). Returns Unix milliseconds, or undefined when it is neither.
 */
export function parseWhen(text: string, now: number = Date.now()): number | undefined {
  const value = text.trim().toLowerCase();
  const delay = /^(?:in\s+)?(\d+)\s*([mhdw])$/.exec(value);
  if (delay) return now + Number(delay[1]) * DURATION_UNITS[delay[2]!]!;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const hasZone = /(z|[+-]\d{2}:?\d{2})$/.test(value);
  const iso = value.length > 10 && !hasZone ? `${text.trim()}Z` : text.trim();
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}
