/** The preference category in which Mattermost keeps a user's favorite channels. */
export const FAVORITE_CATEGORY = 'favorite_channel';

/** Ids of the favorite channels among preferences of that category (a "false" value is no favorite). */
export function favoriteChannelIds(
  preferences: readonly { name: string; value: string }[],
): Set<string> {
  return new Set(preferences.filter((p) => p.value === 'true').map((p) => p.name));
}

/** `3 favorite channels:` or `No favorite channels.` */
export function favoritesHeader(count: number): string {
  if (!count) return 'No favorite channels. Mark one with favorite_channel.';
  return `${count} favorite channel${count === 1 ? '' : 's'}:`;
}
