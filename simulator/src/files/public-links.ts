import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Router } from 'express';

import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, badRequest, notFound } from '../http/errors.js';
import { idParam, strQuery } from '../http/params.js';
import { sendJson } from '../http/respond.js';
import { readableFileOf, sendFileBody } from '../routes/files.js';

/** What a server with `FileSettings.EnablePublicLink` off (the default) answers both routes. */
const linksDisabled = () =>
  new AppError(
    403,
    'api.file.get_public_link.disabled.app_error',
    'Public links have been disabled.',
  );

const invalidLink = () =>
  badRequest(
    'api.file.get_file.public_invalid.app_error',
    'The public link does not appear to be valid.',
  );

/** Mattermost's link hash: SHA-256 of the server's salt then the file id, base64url without padding. */
export function publicLinkHash(fileId: string, salt: string): string {
  return createHash('sha256').update(salt).update(fileId).digest('base64url');
}

function siteUrl(ctx: SimContext, req: Request): string {
  return ctx.store.config.ServiceSettings.SiteURL || `${req.protocol}://${req.get('host') ?? ''}`;
}

/** `GET /api/v4/files/{id}/link`: a link anyone may open, when the admin allows public links. */
export function registerPublicLinkRoutes(router: Router, ctx: SimContext): void {
  router.get('/files/:file_id/link', (req, res) => {
    const session = requireSession(req);
    const fileId = idParam(req, 'file_id');
    const settings = ctx.store.config.FileSettings;
    if (!settings.EnablePublicLink) throw linksDisabled();
    const file = readableFileOf(ctx, session, fileId);
    // Only a file that was posted can be shared: an upload not yet attached has no link.
    if (!file.post_id)
      throw badRequest(
        'api.file.get_public_link.no_post.app_error',
        'Unable to get public link for file. File must be attached to a post that can be read by the current user.',
      );
    const hash = publicLinkHash(file.id, settings.PublicLinkSalt);
    sendJson(res, { link: `${siteUrl(ctx, req)}/files/${file.id}/public?h=${hash}` });
  });
}

/** `GET /files/{id}/public?h=`: the file itself, for anyone with the link, while links are allowed. */
export function registerPublicFileRoute(root: Router, ctx: SimContext): void {
  root.get('/files/:file_id/public', (req, res) => {
    const fileId = idParam(req, 'file_id');
    const settings = ctx.store.config.FileSettings;
    if (!settings.EnablePublicLink) throw linksDisabled();
    const file = ctx.store.files.get(fileId);
    if (!file || file.delete_at !== 0) throw notFound('file_info', 'app.file_info.get.app_error');
    const given = Buffer.from(strQuery(req, 'h'));
    const expected = Buffer.from(publicLinkHash(file.id, settings.PublicLinkSalt));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidLink();
    sendFileBody(res, file, false);
  });
}
