import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { matchText, parseSearchTerms, wordsOf } from '../src/search/query.js';

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);

describe('search syntax properties', () => {
  it('parses any input without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (input) => void parseSearchTerms(input)),
      { numRuns: 500 },
    );
  });

  it('finds a message by any of its words, in any case, and excludes it by any of them', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.nat(), (words, pick) => {
        const message = words.join(' ');
        const chosen = words[pick % words.length]!;
        expect(matchText(message, [], parseSearchTerms(chosen.toUpperCase()))).toContain(chosen);
        expect(matchText(message, [], parseSearchTerms(`-${chosen}`))).toBeUndefined();
        expect(matchText(message, [], parseSearchTerms(`${chosen.slice(0, 1)}*`))).toBeDefined();
        expect(matchText(message, [], parseSearchTerms(`"${words.join(' ')}"`))).toEqual([
          words.join(' '),
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('never finds a message by a word it lacks', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), word, (words, other) => {
        fc.pre(!wordsOf(words.join(' ')).includes(other));
        expect(matchText(words.join(' '), [], parseSearchTerms(other))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
