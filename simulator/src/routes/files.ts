import type { Request, Response, Router } from 'express';
import multer from 'multer';

import type { SimContext } from '../context.js';
import { extensionOf, imageSize, mimeTypeOf } from '../files/mime.js';
import { requireSession } from '../http/auth.js';
import { AppError, forbidden, invalidParam, notFound } from '../http/errors.js';
import { idParam, strQuery } from '../http/params.js';
import {
  canReadChannel,
  isAdmin,
  requireChannelMember,
  requireReadPost,
} from '../http/permissions.js';
import { sendJson } from '../http/respond.js';
import { newId } from '../ids.js';
import { presentFile } from '../services/present.js';
import type { FileRecord, Session } from '../store/types.js';

interface Upload {
  name: string;
  data: Buffer;
  claimedType?: string;
}

const tooLarge = (max: number) =>
  new AppError(
    413,
    'api.file.upload_file.too_large_detailed.app_error',
    `Unable to upload file. File is too large (max ${max} bytes).`,
  );

/** The creator Mattermost gives a file uploaded for a channel bookmark (`POST /files?bookmark=true`). */
export const BOOKMARK_FILE_OWNER = 'bookmark';

/** The file, if the caller may see it: its uploader, or anyone who may read the channel of its post. */
export function readableFileOf(ctx: SimContext, session: Session, fileId: string): FileRecord {
  const file = ctx.store.files.get(fileId);
  if (!file || file.delete_at !== 0) throw notFound('file_info', 'app.file_info.get.app_error');
  const ofBookmark = file.user_id === BOOKMARK_FILE_OWNER;
  if (!ofBookmark && (file.user_id === session.user_id || isAdmin(ctx, session))) return file;
  // A posted file, or a bookmark's, is read by whoever may read its channel.
  const shared = file.post_id || ofBookmark;
  const channel = shared ? ctx.store.channels.get(file.channel_id) : undefined;
  if (!channel || !canReadChannel(ctx, session, channel)) throw forbidden('read_channel');
  return file;
}

/** A file's bytes as Mattermost sends them: images open in place unless `download`, the rest downloads. */
export function sendFileBody(res: Response, file: FileRecord, download: boolean): void {
  const inline =
    file.mime_type.startsWith('image/') && file.mime_type !== 'image/svg+xml' && !download;
  const encoded = encodeURIComponent(file.name);
  res.setHeader('Content-Type', file.mime_type);
  res.setHeader('Content-Length', String(file.data.length));
  res.setHeader(
    'Content-Disposition',
    `${inline ? 'inline' : 'attachment'};filename="${encoded}"; filename*=UTF-8''${encoded}`,
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(file.data);
}

/** Files: upload (multipart or raw body), download, info, previews, and the files of a post. */
export function registerFileRoutes(router: Router, ctx: SimContext): void {
  const maxSize = () => ctx.store.config.FileSettings.MaxFileSize;
  const multipart = multer({ storage: multer.memoryStorage() });

  const readableFile = (session: Session, fileId: string) => readableFileOf(ctx, session, fileId);

  const store = (creatorId: string, channelId: string, upload: Upload): FileRecord => {
    if (upload.data.length > maxSize()) throw tooLarge(maxSize());
    const now = ctx.now();
    const size = imageSize(upload.data);
    const record: FileRecord = {
      id: newId(),
      user_id: creatorId,
      post_id: '',
      channel_id: channelId,
      create_at: now,
      update_at: now,
      delete_at: 0,
      name: upload.name,
      extension: extensionOf(upload.name),
      size: upload.data.length,
      mime_type: mimeTypeOf(upload.name, upload.claimedType),
      ...(size
        ? { width: size.width, height: size.height, has_preview_image: true }
        : { has_preview_image: false }),
      data: upload.data,
    };
    ctx.store.files.set(record.id, record);
    return record;
  };

  const receive = (
    req: Request,
    res: Response,
    uploads: Upload[],
    channelId: string,
    clientIds: string[],
  ) => {
    const session = requireSession(req);
    if (!ctx.store.config.FileSettings.EnableFileAttachments) {
      throw new AppError(
        501,
        'api.file.attachments.disabled.app_error',
        'File attachments have been disabled on this server.',
      );
    }
    if (!channelId) throw invalidParam('channel_id');
    // A file for a bookmark is uploaded under the bookmark permission and belongs to no one.
    const forBookmark = strQuery(req, 'bookmark') === 'true';
    requireChannelMember(
      ctx,
      session,
      channelId,
      forBookmark ? 'add_bookmark_public_channel' : 'upload_file',
    );
    if (uploads.length === 0) throw invalidParam('files');
    const creatorId = forBookmark ? BOOKMARK_FILE_OWNER : session.user_id;
    const infos = uploads.map((u) => presentFile(store(creatorId, channelId, u)));
    sendJson(res, { file_infos: infos, client_ids: clientIds }, 201);
  };

  router.post('/files', (req, res, next) => {
    if (req.is('multipart/form-data')) {
      multipart.any()(req, res, (err: unknown) => {
        if (err) return next(err);
        try {
          const fields = req.body as Record<string, string | string[] | undefined>;
          const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
          const files = ((req.files as Express.Multer.File[] | undefined) ?? []).filter(
            (f) => f.fieldname === 'files',
          );
          const uploads = files.map((f) => ({
            name: f.originalname,
            data: f.buffer,
            claimedType: f.mimetype,
          }));
          const channelId = list(fields?.channel_id)[0] ?? strQuery(req, 'channel_id');
          receive(req, res, uploads, channelId, list(fields?.client_ids));
        } catch (e) {
          next(e);
        }
      });
      return;
    }
    // A raw upload: the body was read as bytes ahead of the JSON parser (see files/extension.ts).
    const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const name = strQuery(req, 'filename');
    if (!name) throw invalidParam('filename');
    receive(
      req,
      res,
      [{ name, data, claimedType: req.get('Content-Type') }],
      strQuery(req, 'channel_id'),
      [],
    );
  });

  router.get('/files/:file_id', (req, res) => {
    const file = readableFile(requireSession(req), idParam(req, 'file_id'));
    sendFileBody(res, file, strQuery(req, 'download') === '1');
  });

  router.get('/files/:file_id/info', (req, res) => {
    sendJson(res, presentFile(readableFile(requireSession(req), idParam(req, 'file_id'))));
  });

  for (const kind of ['preview', 'thumbnail'] as const) {
    router.get(`/files/:file_id/${kind}`, (req, res) => {
      const file = readableFile(requireSession(req), idParam(req, 'file_id'));
      if (!file.has_preview_image) {
        throw new AppError(
          400,
          `api.file.get_file_${kind}.no_${kind}.app_error`,
          `File doesn't have a ${kind} image.`,
        );
      }
      res.setHeader('Content-Type', file.mime_type);
      res.setHeader('Content-Length', String(file.data.length));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.end(file.data);
    });
  }

  router.get('/posts/:post_id/files/info', (req, res) => {
    const session = requireSession(req);
    const post = requireReadPost(ctx, session, idParam(req, 'post_id'));
    sendJson(res, ctx.store.filesOfPost(post.id).map(presentFile));
  });
}
