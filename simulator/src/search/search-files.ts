import type { Store } from '../store/store.js';
import type { FileRecord } from '../store/types.js';
import { matchText, parseSearchTerms } from './query.js';
import { inScope, resolveScope, type SearchParams } from './scope.js';

/**
 * Mattermost's file search for one user: files attached to live posts in channels they belong to,
 * whose names match the terms (`ext:` narrows by extension), newest first.
 */
export function searchFiles(
  store: Store,
  userId: string,
  teamId: string | undefined,
  params: SearchParams,
): { files: FileRecord[]; hasNext: boolean } {
  const query = parseSearchTerms(params.terms);
  const scope = resolveScope(store, userId, teamId, query, params);
  const channelIds = new Set(scope.channels.map((c) => c.id));
  const found: FileRecord[] = [];
  for (const file of store.files.values()) {
    if (file.delete_at !== 0 || !file.post_id || !channelIds.has(file.channel_id)) continue;
    const post = store.post(file.post_id);
    if (!post || post.delete_at !== 0) continue;
    if (!inScope(scope, file.user_id, file.create_at)) continue;
    const ext = file.extension.toLowerCase();
    if (query.extensions.length > 0 && !query.extensions.includes(ext)) continue;
    if (query.excludedExtensions.includes(ext)) continue;
    if (matchText(file.name, [], query, params.is_or_search)) found.push(file);
  }
  found.sort((a, b) => b.create_at - a.create_at);
  const start = params.page * params.per_page;
  return {
    files: found.slice(start, start + params.per_page),
    hasNext: found.length > start + params.per_page,
  };
}
