import { favoriteChannelIds, favoritesHeader } from '../../src/format/channel-favorites.js';

describe('favorite channel formatting', () => {
  it('keeps the channels whose preference is "true"', () => {
    const ids = favoriteChannelIds([
      { name: 'a'.repeat(26), value: 'true' },
      { name: 'b'.repeat(26), value: 'false' },
    ]);
    expect([...ids]).toEqual(['a'.repeat(26)]);
    expect(favoriteChannelIds([]).size).toBe(0);
  });

  it('counts the favorites, or says how to add one', () => {
    expect(favoritesHeader(1)).toBe('1 favorite channel:');
    expect(favoritesHeader(3)).toBe('3 favorite channels:');
    expect(favoritesHeader(0)).toContain('favorite_channel');
  });
});
