import { describe, expect, it } from '@jest/globals';

import {
  dateWindow,
  hashtagsOf,
  matchText,
  parseSearchTerms,
  wordsOf,
} from '../src/search/query.js';

describe('parseSearchTerms', () => {
  it('takes apart flags, phrases, exclusions, hashtags and prefixes', () => {
    const q = parseSearchTerms(
      'from:@Alice in:~town-square -in:off-topic "release notes" -draft #Deploy fix* on:2026-01-02',
    );
    expect(q.fromUsers).toEqual(['alice']);
    expect(q.inChannels).toEqual(['town-square']);
    expect(q.excludedInChannels).toEqual(['off-topic']);
    expect(q.on).toBe('2026-01-02');
    expect(q.terms).toEqual([
      { kind: 'phrase', words: ['release', 'notes'] },
      { kind: 'hashtag', tag: 'deploy' },
      { kind: 'word', word: 'fix', prefix: true },
    ]);
    expect(q.excluded).toEqual([{ kind: 'word', word: 'draft', prefix: false }]);
  });

  it('reads before:, after:, channel: and excluded authors; ignores malformed dates as text', () => {
    const q = parseSearchTerms(
      'before:2026-03-01 after:2026-02-01 channel:dev -from:bob on:yesterday',
    );
    expect(q.before).toBe('2026-03-01');
    expect(q.after).toBe('2026-02-01');
    expect(q.inChannels).toEqual(['dev']);
    expect(q.excludedFromUsers).toEqual(['bob']);
    expect(q.on).toBeUndefined();
    expect(q.terms).toEqual([{ kind: 'phrase', words: ['on', 'yesterday'] }]);
  });

  it('treats hyphenated words as phrases and @mentions as the name', () => {
    expect(parseSearchTerms('foo-bar').terms).toEqual([{ kind: 'phrase', words: ['foo', 'bar'] }]);
    expect(parseSearchTerms('@alice').terms).toEqual([
      { kind: 'word', word: 'alice', prefix: false },
    ]);
    expect(parseSearchTerms('in:@bob').inChannels).toEqual(['@bob']);
  });
});

describe('matchText', () => {
  const m = (message: string, terms: string, or = false) =>
    matchText(message, hashtagsOf(message), parseSearchTerms(terms), or);

  it('matches whole words case-insensitively, all terms by default', () => {
    expect(m('Deploy the API today', 'deploy api')).toEqual(['deploy', 'api']);
    expect(m('Deploy the API today', 'deploy missing')).toBeUndefined();
    expect(m('redeploy', 'deploy')).toBeUndefined();
  });

  it('matches any term with is_or_search', () => {
    expect(m('Deploy the API today', 'missing api', true)).toEqual(['api']);
    expect(m('Deploy the API today', 'missing absent', true)).toBeUndefined();
  });

  it('matches prefixes, phrases and exclusions', () => {
    expect(m('deployment finished', 'deploy*')).toEqual(['deployment']);
    expect(m('the release notes are out', '"release notes"')).toEqual(['release notes']);
    expect(m('notes about the release', '"release notes"')).toBeUndefined();
    expect(m('release draft', 'release -draft')).toBeUndefined();
    expect(m('release final', 'release -"final cut"')).toEqual(['release']);
  });

  it('matches hashtags only as hashtags', () => {
    expect(m('shipping #Deploy now', '#deploy')).toEqual(['#deploy']);
    expect(m('shipping deploy now', '#deploy')).toBeUndefined();
  });

  it('matches every text when only filters are given', () => {
    expect(m('anything', 'from:alice')).toEqual([]);
  });

  it('finds mentions by name', () => {
    expect(m('hello @alice, see this', '@alice')).toEqual(['alice']);
  });
});

describe('wordsOf and hashtagsOf', () => {
  it('splits on punctuation and keeps unicode letters', () => {
    expect(wordsOf('Héllo, wörld! foo_bar 42')).toEqual(['héllo', 'wörld', 'foo_bar', '42']);
    expect(hashtagsOf('#one and#not #a #two-three. x#no')).toEqual(['one', 'two-three']);
  });
});

describe('dateWindow', () => {
  const day = Date.parse('2026-01-02T00:00:00Z');
  it("bounds on:, before: and after: by whole days in the searcher's time zone", () => {
    expect(dateWindow({ on: '2026-01-02' })).toEqual({ from: day, to: day + 86_400_000 - 1 });
    expect(dateWindow({ before: '2026-01-02' }).to).toBe(day - 1);
    expect(dateWindow({ after: '2026-01-02' }).from).toBe(day + 86_400_000);
    expect(dateWindow({ on: '2026-01-02' }, 3600).from).toBe(day - 3_600_000);
    expect(dateWindow({})).toEqual({ from: -Infinity, to: Infinity });
  });
});
