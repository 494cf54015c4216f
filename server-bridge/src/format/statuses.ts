import { z } from 'zod';
import type { UserProfile, UserStatus } from '../gateway/user-gateway.js';
import { isoTime } from './time.js';

export const STATUS_VALUES = ['online', 'away', 'dnd', 'offline'] as const;

export const statusSummarySchema = z.object({
  user_id: z.string(),
  username: z.string(),
  status: z.string().describe('online, away, dnd (do not disturb) or offline.'),
  manual: z.boolean().describe('Set by the user rather than by activity.'),
  last_activity_at: z.string().optional().describe('ISO 8601, UTC.'),
  dnd_until: z.string().optional().describe('When a timed "do not disturb" ends (ISO 8601).'),
});
export type StatusSummary = z.infer<typeof statusSummarySchema>;

export const customStatusSchema = z.object({
  emoji: z.string(),
  text: z.string(),
  expires_at: z.string().optional().describe('ISO 8601; absent when it does not expire.'),
});
export type CustomStatus = z.infer<typeof customStatusSchema>;

export function toStatusSummary(status: UserStatus, username: string | undefined): StatusSummary {
  return {
    user_id: status.user_id,
    username: username ?? status.user_id,
    status: status.status,
    manual: Boolean(status.manual),
    ...(status.last_activity_at ? { last_activity_at: isoTime(status.last_activity_at) } : {}),
    // Mattermost keeps the end of a timed DND in seconds, unlike its other times.
    ...(status.status === 'dnd' && status.dnd_end_time
      ? { dnd_until: isoTime(status.dnd_end_time * 1000) }
      : {}),
  };
}

/** `@alice: dnd (set by hand) until 2026-… · last active 2026-…` */
export function formatStatusLine(status: StatusSummary): string {
  let head = `@${status.username}: ${status.status}`;
  if (status.manual) head += ' (set by hand)';
  if (status.dnd_until) head += ` until ${status.dnd_until}`;
  return status.last_activity_at ? `${head} · last active ${status.last_activity_at}` : head;
}

/** The custom status kept (as JSON text) in a user's `props.customStatus`, if any. */
export function customStatusOf(user: Pick<UserProfile, 'props'>): CustomStatus | undefined {
  const raw = (user.props as Record<string, unknown> | undefined)?.customStatus;
  if (typeof raw !== 'string' || !raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    const emoji = typeof parsed.emoji === 'string' ? parsed.emoji : '';
    const text = typeof parsed.text === 'string' ? parsed.text : '';
    if (!emoji && !text) return undefined;
    const expires = typeof parsed.expires_at === 'string' ? parsed.expires_at : '';
    const valid = expires && !expires.startsWith('0001') && !Number.isNaN(Date.parse(expires));
    return { emoji, text, ...(valid ? { expires_at: expires } : {}) };
  } catch {
    return undefined;
  }
}

/** `:palm_tree: On holiday (until 2026-…)` */
export function formatCustomStatus(custom: CustomStatus): string {
  const emoji = custom.emoji ? `:${custom.emoji}: ` : '';
  return `${emoji}${custom.text}${custom.expires_at ? ` (until ${custom.expires_at})` : ''}`;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A point in the future from an ISO 8601 date or a window ahead of now (`30m`, `2h`, `1d`, `1w`).
 * Returns Unix milliseconds, or undefined when the text is neither or the time has passed.
 */
export function parseUntil(text: string, now: number = Date.now()): number | undefined {
  const value = text.trim();
  const window = /^(\d+)\s*([mhdw])$/i.exec(value);
  let ms: number | undefined;
  if (window) ms = now + Number(window[1]) * UNIT_MS[window[2]!.toLowerCase()]!;
  else if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const parsed = Date.parse(value);
    ms = Number.isNaN(parsed) ? undefined : parsed;
  }
  return ms !== undefined && ms > now ? ms : undefined;
}
