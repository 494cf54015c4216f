import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * One accepted outgoing-webhook token, optionally bound to where its deliveries may come from:
 * `token`, `token@team` or `token@team/channel` in `BRIDGE_WEBHOOK_TOKENS`. Team and channel are
 * matched by name or id, so a token made for one team's webhook cannot feed another team's posts.
 */
export interface WebhookToken {
  token: string;
  team?: string;
  channel?: string;
}

/** Where a delivery says it comes from. */
export interface DeliveryPlace {
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
}

/** Parses `token[@team[/channel]]`; throws with a message naming the entry's position only. */
export function parseWebhookTokens(entries: readonly string[]): WebhookToken[] {
  return entries.map((entry, index) => {
    const [token = '', place] = splitOnce(entry.trim(), '@');
    const [team, channel] = place === undefined ? [] : splitOnce(place, '/');
    if (!token || team === '' || channel === '' || /[@/\s]/.test(`${team ?? ''}${channel ?? ''}`))
      throw new Error(
        `BRIDGE_WEBHOOK_TOKENS: entry ${index + 1} is not token, token@team or token@team/channel.`,
      );
    return {
      token,
      ...(team ? { team: team.toLowerCase() } : {}),
      ...(channel ? { channel: channel.replace(/^~/, '').toLowerCase() } : {}),
    };
  });
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

/** Whether a token's binding lets a delivery from this place in. */
export function bindingAllows(entry: WebhookToken, place: DeliveryPlace): boolean {
  const is = (bound: string | undefined, id: string, name: string) =>
    bound === undefined || bound === id || bound === name.toLowerCase();
  return (
    is(entry.team, place.team_id, place.team_domain) &&
    is(entry.channel, place.channel_id, place.channel_name)
  );
}

/**
 * Checks a presented outgoing-webhook token against the configured ones in constant time and
 * returns the matching entries (none when it matches nothing). Both sides are hashed first so the
 * compared buffers always have the same length, and every configured token is compared (no early
 * exit), so timing reveals neither length nor position.
 */
export function createTokenVerifier(
  entries: readonly WebhookToken[],
): (presented: unknown) => WebhookToken[] {
  const digests = entries
    .filter((entry) => entry.token.length > 0)
    .map((entry) => ({ entry, digest: digest(entry.token) }));
  return (presented) => {
    if (typeof presented !== 'string' || presented.length === 0) return [];
    const candidate = digest(presented);
    const matched: WebhookToken[] = [];
    for (const { entry, digest: expected } of digests)
      if (timingSafeEqual(candidate, expected)) matched.push(entry);
    return matched;
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
