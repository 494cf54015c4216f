import { FollowCounts } from '../../src/events/follow-counts.js';

describe('the resources open listen streams follow', () => {
  it('follows a resource from the first stream naming it until the last one ends', () => {
    const counts = new FollowCounts();
    expect(counts.open(['a', 'b'])).toEqual(['a', 'b']);
    expect(counts.open(['b', 'c'])).toEqual(['c']);
    expect(counts.sizeWith(['a', 'd', 'e'])).toBe(5);
    expect(counts.close(['a', 'b'])).toEqual(['a']);
    expect(counts.uris()).toEqual(['b', 'c']);
    expect(counts.close(['b', 'c'])).toEqual(['b', 'c']);
    // A resource no stream names any more is not dropped again.
    expect(counts.close(['b', 'c'])).toEqual([]);
    expect(counts.sizeWith([])).toBe(0);
  });
});
