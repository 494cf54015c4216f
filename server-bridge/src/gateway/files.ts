import type { FileInfo } from '@mattermost/types/files';
import type { UserCalls } from './calls.js';
import { getBinary, requestJson } from './mattermost-client.js';
import { MattermostError } from '../errors.js';

/** Files: metadata, content and uploads (attached to a post by `createPost`). */
export interface FilesGateway {
  getFileInfo(fileId: string): Promise<FileInfo>;
  /** A file's content, refused above `maxBytes` (default 10 MiB). */
  getFileContent(fileId: string, maxBytes?: number): Promise<Buffer>;
  /**
   * A link anyone may open without signing in (`GET /files/{id}/link`), for a posted file; refused
   * while the admin keeps public links off (`FileSettings.EnablePublicLink`, off by default).
   */
  getFilePublicLink(fileId: string): Promise<string>;
  /**
   * Uploads one file to a channel, not yet attached to a post; `forBookmark`: for a bookmark of
   * the channel (`?bookmark=true`), under the bookmark permission.
   */
  uploadFile(
    channelId: string,
    filename: string,
    data: Buffer,
    options?: { forBookmark?: boolean },
  ): Promise<FileInfo>;
}

export function filesGateway({ read, write }: UserCalls): FilesGateway {
  return {
    getFileInfo(fileId) {
      return read('files.get_info', (c) =>
        requestJson<FileInfo>(c, `${c.getFileRoute(fileId)}/info`),
      );
    },

    async getFileContent(fileId, maxBytes = 10 * 1024 * 1024) {
      const file = await read('files.get_content', (c) =>
        getBinary(c, c.getFileRoute(fileId), maxBytes),
      );
      return file.data;
    },

    async getFilePublicLink(fileId) {
      const answer = await read('files.get_link', (c) => c.getFilePublicLink(fileId));
      return answer.link;
    },

    async uploadFile(channelId, filename, data, options) {
      const form = new FormData();
      // Mattermost reads channel_id before the files of a multipart upload.
      form.append('channel_id', channelId);
      form.append('files', new Blob([new Uint8Array(data)]), filename);
      const answer = await write(
        'files.upload',
        (c) => c.uploadFile(form, options?.forBookmark ?? false),
        {
          idempotent: false,
        },
      );
      const info = answer.file_infos?.[0];
      if (!info) throw new MattermostError('Mattermost stored no file.', 500);
      return info;
    },
  };
}
