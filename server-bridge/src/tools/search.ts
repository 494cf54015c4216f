import { z } from 'zod';
import { fileSummarySchema, formatFileLine, toFileSummary } from '../format/files.js';
import { fitHits, postHitSchema } from '../format/post-hits.js';
import { isHiddenSystemPost } from '../format/posts.js';
import { moreMarker } from '../format/text.js';
import type { Post } from '../gateway/user-gateway.js';
import { resolveTeam } from '../resolve/names.js';
import { offsetOf, offsetCursor } from './cursor.js';
import { defineTool, type ToolContext } from './define.js';
import { placesOf, toHits } from './places.js';
import { cursorArg } from './arguments.js';
import { pageFields, pageState } from './paging.js';

const SYNTAX =
  'Mattermost search syntax: words must all match (or any, with is_or_search); "exact phrase"; prefix*; ' +
  '-word excludes; #hashtag; from:username; in:channel-name (or in:@username for a DM); ' +
  'on:/before:/after:YYYY-MM-DD.';

async function teamIdOf(ctx: ToolContext, team: string | undefined): Promise<string> {
  return team ? (await resolveTeam(ctx.mm, team)).id : '';
}

/** A page number carried in a cursor bound to the exact search, so it cannot continue another. */
function pageFrom(cursor: string | undefined, scope: string, page: number): number {
  return cursor ? offsetOf(cursor, scope) : page;
}

const searchPosts = defineTool({
  name: 'search_posts',
  title: 'Search messages',
  description: `Searches the messages the user can see, newest first, with channels and permalinks. ${SYNTAX} Without \`team\`, searches every team.`,
  toolset: 'search',
  kind: 'read',
  input: z.object({
    query: z.string().min(1).max(1000).describe('Search terms in Mattermost syntax.'),
    team: z.string().optional().describe('A team name or id; every team when omitted.'),
    is_or_search: z.boolean().default(false).describe('Match any word instead of all.'),
    page: z.number().int().min(0).max(100).default(0).describe('Page number, from 0.'),
    per_page: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .describe('Results per page (default 20).'),
    cursor: cursorArg(),
  }),
  output: z.object({
    posts: z.array(postHitSchema),
    page: z.number().int(),
    ...pageFields,
  }),
  async handler({ query, team, is_or_search, page, per_page, cursor }, ctx) {
    const teamId = await teamIdOf(ctx, team);
    const scope = `search:${teamId}:${is_or_search ? 'or' : 'and'}:${per_page}:${query}`;
    const current = pageFrom(cursor, scope, page);
    const found = await ctx.mm.searchPosts(teamId, query, {
      isOrSearch: is_or_search,
      page: current,
      perPage: per_page,
    });
    const posts = found.order
      .map((id) => found.posts[id])
      .filter((post): post is Post => !!post && !isHiddenSystemPost(post));
    const fitted = fitHits(await toHits(ctx, posts), ctx.settings.maxOutputChars);
    const more = (found as { has_next?: boolean }).has_next ?? found.order.length >= per_page;
    const next = more ? offsetCursor(scope, current + 1) : undefined;
    const header = posts.length
      ? `${posts.length} result${posts.length === 1 ? '' : 's'}${current ? ` on page ${current}` : ''}, newest first:`
      : `No messages match ${JSON.stringify(query)}${current ? ` on page ${current}` : ''}.`;
    const cut = fitted.dropped ? [`[cut: ${fitted.dropped} results of this page did not fit]`] : [];
    return {
      text: [header, ...fitted.lines, ...cut, ...(next ? [moreMarker('results', next)] : [])].join(
        '\n',
      ),
      structured: {
        posts: fitted.kept,
        page: current,
        ...pageState(next),
      },
    };
  },
});

const FILES_PAGE = 50;

const searchFiles = defineTool({
  name: 'search_files',
  title: 'Search files',
  description:
    'Searches files attached to messages the user can see, by name, newest first. Accepts from:username, ' +
    'in:channel-name, ext:pdf, -excluded and "quoted names". Without `team`, searches every team. ' +
    'Use read_file to read one.',
  toolset: 'search',
  kind: 'read',
  input: z.object({
    query: z.string().min(1).max(1000).describe('File name words and filters.'),
    team: z.string().optional().describe('A team name or id; every team when omitted.'),
    cursor: cursorArg(),
  }),
  output: z.object({
    files: z.array(fileSummarySchema.extend({ channel: z.string().optional() })),
    ...pageFields,
  }),
  async handler({ query, team, cursor }, ctx) {
    const teamId = await teamIdOf(ctx, team);
    const scope = `files:${teamId}:${query}`;
    const current = pageFrom(cursor, scope, 0);
    const found = await ctx.mm.searchFiles(teamId, query, { page: current, perPage: FILES_PAGE });
    const infos = found.order.map((id) => found.file_infos[id]).filter((f) => !!f);
    const [users, places] = await Promise.all([
      ctx.mm.getUsersByIds(infos.map((f) => f.user_id)),
      placesOf(ctx.mm, infos.map((f) => f.channel_id).filter(Boolean)),
    ]);
    const files = infos.map((info) => {
      const channel = places.get(info.channel_id)?.reference;
      return { ...toFileSummary(info, users), ...(channel ? { channel } : {}) };
    });
    const more = found.has_next ?? infos.length >= FILES_PAGE;
    const next = more ? offsetCursor(scope, current + 1) : undefined;
    const lines = files.map((f) => `${f.channel ? `${f.channel} · ` : ''}${formatFileLine(f)}`);
    const header = files.length
      ? `${files.length} file${files.length === 1 ? '' : 's'}, newest first:`
      : `No files match ${JSON.stringify(query)}.`;
    return {
      text: [header, ...lines, ...(next ? [moreMarker('files', next)] : [])].join('\n'),
      structured: { files, ...pageState(next) },
    };
  },
});

export const searchTools = [searchPosts, searchFiles];
