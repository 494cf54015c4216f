import type { ServerChannel, UserGateway } from '../gateway/user-gateway.js';

/**
 * The other person of a direct-message channel, whose name is the two user ids joined by `__`;
 * the viewer themselves for the direct message they have with themselves.
 */
export function directPartnerId(channel: Pick<ServerChannel, 'name'>, viewerId: string): string {
  return channel.name.split('__').find((id) => id !== viewerId) ?? viewerId;
}

/**
 * `@username` of the partner of each direct message among `channels`, by channel id, the people
 * looked up in one call (an unknown partner keeps their id).
 */
export async function directMessageNames(
  mm: UserGateway,
  channels: readonly ServerChannel[],
): Promise<Map<string, string>> {
  const direct = channels.filter((channel) => channel.type === 'D');
  const partnerIds = direct.map((channel) => directPartnerId(channel, mm.userId));
  const partners = await mm.getUsersByIds(partnerIds);
  return new Map(
    direct.map((channel, i) => [
      channel.id,
      `@${partners.get(partnerIds[i]!)?.username ?? partnerIds[i]}`,
    ]),
  );
}
