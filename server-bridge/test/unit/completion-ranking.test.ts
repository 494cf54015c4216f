import { describe, expect, it } from '@jest/globals';
import { MAX_COMPLETIONS, rankCandidates } from '../../src/resources/completion.js';

describe('completion ranking', () => {
  const candidates = [
    { value: 'acme/~town-square', forms: ['town-square', '~town-square', 'acme / Town Square'] },
    { value: 'acme/~downtown', forms: ['downtown', 'acme / Downtown'] },
    { value: 'acme/~town', forms: ['town', 'acme / Town'] },
    { value: '@townsend', forms: ['@townsend', 'townsend', 'Tom Townsend'] },
  ];

  it('puts the whole name first, then starts of names, then starts of words, ignoring case', () => {
    expect(rankCandidates('TOWN', candidates)).toEqual([
      'acme/~town',
      '@townsend',
      'acme/~town-square',
    ]);
    expect(rankCandidates('square', candidates)).toEqual(['acme/~town-square']);
    expect(rankCandidates('own', candidates)).toEqual([]);
  });

  it('offers everything when nothing is typed, and never more than MCP allows', () => {
    const many = Array.from({ length: 250 }, (_, i) => ({
      value: `team/~c${i}`,
      forms: [`c${i}`],
    }));
    expect(rankCandidates('', candidates)).toHaveLength(candidates.length);
    expect(rankCandidates('c', many)).toHaveLength(MAX_COMPLETIONS);
  });
});
