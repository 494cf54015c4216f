import type { Store } from '../store/store.js';
import type { Post } from '../store/types.js';
import { hashtagsOf, matchText, parseSearchTerms } from './query.js';
import { inScope, resolveScope, type SearchParams } from './scope.js';

/** One page of search results, newest first, with the words each post matched. */
export interface PostSearchResult {
  posts: Post[];
  matches: Record<string, string[]>;
  hasNext: boolean;
}

const isEmptyQuery = (q: ReturnType<typeof parseSearchTerms>): boolean =>
  q.terms.length === 0 &&
  q.fromUsers.length === 0 &&
  q.inChannels.length === 0 &&
  q.on === undefined &&
  q.before === undefined &&
  q.after === undefined;

/**
 * Mattermost's post search for one user: the posts of channels they belong to (of `teamId`, or of
 * every team) that match the terms and filters. System messages and deleted posts are never found.
 */
export function searchPosts(
  store: Store,
  userId: string,
  teamId: string | undefined,
  params: SearchParams,
): PostSearchResult {
  const query = parseSearchTerms(params.terms);
  if (isEmptyQuery(query)) return { posts: [], matches: {}, hasNext: false };
  const scope = resolveScope(store, userId, teamId, query, params);
  const found: { post: Post; words: string[] }[] = [];
  for (const channel of scope.channels) {
    for (const post of store.postsOfChannel(channel.id)) {
      if (post.type.startsWith('system_')) continue;
      if (!inScope(scope, post.user_id, post.create_at)) continue;
      const tags = post.hashtags
        ? post.hashtags.split(/\s+/).filter(Boolean)
        : hashtagsOf(post.message);
      const words = matchText(post.message, tags, query, params.is_or_search);
      if (words) found.push({ post, words });
    }
  }
  found.sort((a, b) => b.post.create_at - a.post.create_at);
  const start = params.page * params.per_page;
  const page = found.slice(start, start + params.per_page);
  return {
    posts: page.map((f) => f.post),
    matches: Object.fromEntries(page.map((f) => [f.post.id, f.words])),
    hasNext: found.length > start + params.per_page,
  };
}
