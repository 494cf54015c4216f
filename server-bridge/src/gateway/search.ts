import type { FileInfo } from '@mattermost/types/files';
import type { PostSearchResults } from '@mattermost/types/posts';
import type { UserCalls } from './calls.js';

/** A page of file search results, as Mattermost answers (`file_infos` keyed by id). */
export interface FileSearchPage {
  order: string[];
  file_infos: Record<string, FileInfo>;
  has_next?: boolean;
}

/** A page of a search; `isOrSearch` matches any of the terms instead of all. */
export interface SearchPage {
  page?: number;
  perPage?: number;
  isOrSearch?: boolean;
}

/** Search: Mattermost's own syntax (`from:`, `in:`, `ext:`, quotes, ...) over posts and files. */
export interface SearchGateway {
  /** Post search within a team; `teamId` empty searches every team of the user. */
  searchPosts(teamId: string, terms: string, options?: SearchPage): Promise<PostSearchResults>;
  /** File search (names, `ext:`, `from:`, `in:`); `teamId` empty searches every team. */
  searchFiles(teamId: string, terms: string, options?: SearchPage): Promise<FileSearchPage>;
}

/** The search parameters Mattermost takes for posts and files alike. */
function searchParams(terms: string, { page = 0, perPage = 20, isOrSearch = false }: SearchPage) {
  return {
    terms,
    is_or_search: isOrSearch,
    include_deleted_channels: false,
    time_zone_offset: 0,
    page,
    per_page: perPage,
  };
}

export function searchGateway({ read }: UserCalls): SearchGateway {
  return {
    searchPosts(teamId, terms, options = {}) {
      return read('posts.search', (c) =>
        c.searchPostsWithParams(teamId, searchParams(terms, options)),
      );
    },

    async searchFiles(teamId, terms, options = {}) {
      const page = (await read('files.search', (c) =>
        c.searchFilesWithParams(teamId, searchParams(terms, options)),
      )) as unknown as FileSearchPage;
      return {
        order: page.order ?? [],
        file_infos: page.file_infos ?? {},
        has_next: page.has_next,
      };
    },
  };
}
