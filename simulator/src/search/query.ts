/** One thing a post's text must (or must not) contain. */
export type SearchTerm =
  | { kind: 'word'; word: string; prefix: boolean }
  | { kind: 'phrase'; words: string[] }
  | { kind: 'hashtag'; tag: string };

/** A search string in Mattermost's syntax, taken apart. Names and dates are as the user typed them. */
export interface SearchQuery {
  terms: SearchTerm[];
  excluded: SearchTerm[];
  fromUsers: string[];
  excludedFromUsers: string[];
  /** Channel names (a leading `~` removed) or `@username` for a direct message channel. */
  inChannels: string[];
  excludedInChannels: string[];
  /** File extensions (`ext:pdf`), for file search. */
  extensions: string[];
  excludedExtensions: string[];
  /** YYYY-MM-DD */
  on?: string;
  before?: string;
  after?: string;
}

/** The words of a text as search sees them: runs of letters, digits and underscores, lower-cased. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** The hashtags of a text, lower-cased without `#`: Mattermost's rule of a letter then word characters. */
export function hashtagsOf(text: string): string[] {
  const tags: string[] = [];
  for (const m of text.matchAll(
    /(?:^|[^\p{L}\p{N}_#&])#([\p{L}][\p{L}\p{N}_.-]*[\p{L}\p{N}_])/gu,
  )) {
    if (m[1] && m[1].length >= 2) tags.push(m[1].toLowerCase());
  }
  return tags;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A free-text token: one word, a prefix, a hashtag, or several words (read as a phrase, as Mattermost does for `foo-bar`). */
function termOf(token: string, quoted: boolean): SearchTerm | undefined {
  if (!quoted && /^#[\p{L}]/u.test(token))
    return { kind: 'hashtag', tag: token.slice(1).toLowerCase() };
  const prefix = !quoted && token.endsWith('*');
  const words = wordsOf(prefix ? token.slice(0, -1) : token);
  if (words.length === 0) return undefined;
  if (words.length === 1 && !quoted) return { kind: 'word', word: words[0]!, prefix };
  if (words.length === 1) return { kind: 'word', word: words[0]!, prefix: false };
  return { kind: 'phrase', words };
}

/** Splits Mattermost's search syntax: `from:`, `in:`/`channel:`, `ext:`, `on:`, `before:`, `after:`, quotes, `-` exclusions, `#tags`, `word*`. */
export function parseSearchTerms(input: string): SearchQuery {
  const q: SearchQuery = {
    terms: [],
    excluded: [],
    fromUsers: [],
    excludedFromUsers: [],
    inChannels: [],
    excludedInChannels: [],
    extensions: [],
    excludedExtensions: [],
  };
  for (const m of input.matchAll(/(-?)(?:([a-zA-Z]+):)?(?:"([^"]*)"?|(\S+))/g)) {
    const negated = m[1] === '-';
    const flag = m[2]?.toLowerCase();
    const quoted = m[3] !== undefined;
    const value = (m[3] ?? m[4] ?? '').trim();
    if (flag === 'from' && value) {
      (negated ? q.excludedFromUsers : q.fromUsers).push(value.replace(/^@/, '').toLowerCase());
    } else if ((flag === 'in' || flag === 'channel') && value) {
      const name = value.startsWith('@')
        ? value.toLowerCase()
        : value.replace(/^~/, '').toLowerCase();
      (negated ? q.excludedInChannels : q.inChannels).push(name);
    } else if (flag === 'ext' && value) {
      (negated ? q.excludedExtensions : q.extensions).push(value.replace(/^\./, '').toLowerCase());
    } else if ((flag === 'on' || flag === 'before' || flag === 'after') && DATE.test(value)) {
      q[flag] = value;
    } else {
      const text = flag ? `${m[2]}:${value}` : value;
      const term = termOf(text, quoted);
      if (term) (negated ? q.excluded : q.terms).push(term);
    }
  }
  return q;
}

/** The words of `terms` worth highlighting, as Mattermost lists them in `matches`. */
function matchedWords(term: SearchTerm, words: string[], tags: string[]): string[] {
  switch (term.kind) {
    case 'word':
      return words.filter((w) => (term.prefix ? w.startsWith(term.word) : w === term.word));
    case 'hashtag':
      return tags.includes(term.tag) ? [`#${term.tag}`] : [];
    case 'phrase':
      for (let i = 0; i + term.words.length <= words.length; i++) {
        if (term.words.every((w, k) => words[i + k] === w)) return [term.words.join(' ')];
      }
      return [];
  }
}

/**
 * Whether a post's text satisfies the free-text part of `query` (all terms, or any with
 * `isOrSearch`; no excluded term); returns the matched words, or undefined when it does not match.
 * A query with no terms matches every text (its filters alone decide).
 */
export function matchText(
  message: string,
  hashtags: string[],
  query: Pick<SearchQuery, 'terms' | 'excluded'>,
  isOrSearch = false,
): string[] | undefined {
  const words = wordsOf(message);
  const tags = hashtags.map((t) => t.replace(/^#/, '').toLowerCase());
  if (query.excluded.some((t) => matchedWords(t, words, tags).length > 0)) return undefined;
  if (query.terms.length === 0) return [];
  const found = query.terms.map((t) => matchedWords(t, words, tags));
  const ok = isOrSearch ? found.some((f) => f.length > 0) : found.every((f) => f.length > 0);
  return ok ? [...new Set(found.flat())] : undefined;
}

/**
 * The creation-time window of the date filters, in Unix milliseconds, for a searcher whose
 * clock is `timeZoneOffsetSeconds` ahead of UTC. `after:` means after that whole day, `before:`
 * before it starts.
 */
export function dateWindow(
  query: Pick<SearchQuery, 'on' | 'before' | 'after'>,
  timeZoneOffsetSeconds = 0,
): { from: number; to: number } {
  const dayStart = (d: string) => Date.parse(`${d}T00:00:00Z`) - timeZoneOffsetSeconds * 1000;
  const DAY = 86_400_000;
  let from = -Infinity;
  let to = Infinity;
  if (query.on) {
    from = dayStart(query.on);
    to = from + DAY - 1;
  }
  if (query.after) from = Math.max(from, dayStart(query.after) + DAY);
  if (query.before) to = Math.min(to, dayStart(query.before) - 1);
  return { from, to };
}
