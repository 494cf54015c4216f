import type { Router } from 'express';

import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { body, idParam } from '../http/params.js';
import { requireTeam, requireTeamMember } from '../http/permissions.js';
import { presentFile, presentPost } from '../services/present.js';
import { searchParams } from '../search/scope.js';
import { searchFiles } from '../search/search-files.js';
import { searchPosts } from '../search/search-posts.js';
import { sendJson } from '../http/respond.js';

/** Post and file search, in one team or across all of the caller's teams. */
export function registerSearchRoutes(router: Router, ctx: SimContext): void {
  const postSearch =
    (teamId: string | undefined) => (userId: string, raw: Record<string, unknown>) => {
      const result = searchPosts(ctx.store, userId, teamId, searchParams(raw));
      return {
        order: result.posts.map((p) => p.id),
        posts: Object.fromEntries(result.posts.map((p) => [p.id, presentPost(ctx, p)])),
        matches: result.matches,
        next_post_id: '',
        prev_post_id: '',
        has_next: result.hasNext,
        first_inaccessible_post_time: 0,
      };
    };

  const fileSearch =
    (teamId: string | undefined) => (userId: string, raw: Record<string, unknown>) => {
      const result = searchFiles(ctx.store, userId, teamId, searchParams(raw));
      return {
        order: result.files.map((f) => f.id),
        file_infos: Object.fromEntries(result.files.map((f) => [f.id, presentFile(f)])),
        next_file_id: '',
        prev_file_id: '',
        has_next: result.hasNext,
        first_inaccessible_file_time: 0,
      };
    };

  router.post('/teams/:team_id/posts/search', (req, res) => {
    const session = requireSession(req);
    const teamId = idParam(req, 'team_id');
    requireTeam(ctx, teamId);
    requireTeamMember(ctx, session, teamId);
    sendJson(res, postSearch(teamId)(session.user_id, body(req)));
  });

  router.post('/posts/search', (req, res) => {
    const session = requireSession(req);
    sendJson(res, postSearch(undefined)(session.user_id, body(req)));
  });

  router.post('/teams/:team_id/files/search', (req, res) => {
    const session = requireSession(req);
    const teamId = idParam(req, 'team_id');
    requireTeam(ctx, teamId);
    requireTeamMember(ctx, session, teamId);
    sendJson(res, fileSearch(teamId)(session.user_id, body(req)));
  });

  router.post('/files/search', (req, res) => {
    const session = requireSession(req);
    sendJson(res, fileSearch(undefined)(session.user_id, body(req)));
  });
}
