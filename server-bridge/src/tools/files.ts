import { z } from 'zod';
import {
  fileReadMode,
  fileSummarySchema,
  formatBytes,
  formatFileLine,
  textPage,
  toFileSummary,
} from '../format/files.js';
import { documentKind } from '../documents/document-text.js';
import { permalink } from '../format/links.js';
import type { FileInfo } from '../gateway/user-gateway.js';
import { describeChannelPlace, resolveChannel } from '../resolve/names.js';
import { offsetOf, offsetCursor } from './cursor.js';
import { defineTool, type ToolContext } from './define.js';
import { placesOf } from './places.js';
import { channelArg, cursorArg, fileArg, messageArg, postArg } from './arguments.js';
import { listAnswer, pageFields } from './paging.js';
import { threadRootIn } from '../resolve/thread-root.js';
import { DocumentTextError, ToolError } from '../errors.js';
import { broadcastNote } from '../policy/broadcast.js';

/** Largest file read_file downloads: text is paged from it, images are sent whole. */
const MAX_READ_BYTES = 10 * 1024 * 1024;
/** Largest image returned as image content (base64 grows it by a third). */
const MAX_IMAGE_BYTES = 4 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function stopIfCancelled(ctx: ToolContext): void {
  if (ctx.signal.aborted) throw new ToolError('The upload was cancelled.');
}

/** The bytes of an upload from exactly one of its two content fields. */
function uploadBytes(content: string | undefined, base64: string | undefined): Buffer {
  if ((content === undefined) === (base64 === undefined)) {
    throw new ToolError('Give exactly one of content (text) or content_base64 (binary).');
  }
  if (content !== undefined) return Buffer.from(content, 'utf8');
  const compact = base64!.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) {
    throw new ToolError('content_base64: not valid base64.');
  }
  return Buffer.from(compact, 'base64');
}

const uploadFile = defineTool({
  name: 'upload_file',
  title: 'Upload a file',
  description:
    'Uploads a file as the user and posts it to a channel (or a thread with `root_id`), with an optional ' +
    'message. Give the content as text (`content`) or as base64 (`content_base64`), exactly one. The ' +
    'server’s file size limit applies; over HTTP a call may carry about 6 MB of file as base64 (8 MiB ' +
    'requests, unless the admin set another limit).',
  toolset: 'files',
  kind: 'write',
  input: z.object({
    channel: channelArg(),
    filename: z
      .string()
      .min(1)
      .max(255)
      .refine((name) => !/[/\\]/.test(name), 'a file name without folders')
      .describe('Name of the file, with its extension (report.csv).'),
    content: z.string().optional().describe('The file content as text (UTF-8).'),
    content_base64: z.string().optional().describe('The file content as base64, for binary files.'),
    message: messageArg('Text of the post the file is attached to.', {
      allowEmpty: true,
    }).optional(),
    root_id: postArg().optional().describe('Post in the thread of this post.'),
  }),
  output: z.object({
    post_id: z.string(),
    file_id: z.string(),
    filename: z.string(),
    size: z.number().int(),
    permalink: z.string(),
  }),
  async handler({ channel, filename, content, content_base64, message, root_id }, ctx) {
    const data = uploadBytes(content, content_base64);
    await ctx.progress?.(0, 3, 'Checking the channel and the size limit');
    const [found, config] = await Promise.all([
      resolveChannel(ctx.mm, channel),
      ctx.mm.getClientConfig(),
    ]);
    if (config.EnableFileAttachments === 'false') {
      throw new ToolError('File attachments are turned off on this Mattermost server.');
    }
    const maxBytes = Number(config.MaxFileSize);
    if (Number.isFinite(maxBytes) && maxBytes > 0 && data.length > maxBytes) {
      throw new ToolError(
        `The file is ${formatBytes(data.length)}; this Mattermost server accepts files up to ${formatBytes(maxBytes)}.`,
      );
    }
    const rootId = await threadRootIn(ctx.mm, found.id, root_id);
    stopIfCancelled(ctx);
    await ctx.progress?.(1, 3, `Uploading ${filename} (${formatBytes(data.length)})`);
    const info = await ctx.mm.uploadFile(found.id, filename, data);
    stopIfCancelled(ctx);
    await ctx.progress?.(2, 3, 'Posting the file');
    const post = await ctx.mm.createPost({
      channelId: found.id,
      message: message ?? '',
      rootId,
      fileIds: [info.id],
    });
    await ctx.progress?.(3, 3, 'Done');
    const place = await describeChannelPlace(ctx.mm, found);
    const teamName = place.teamName ?? (await ctx.mm.getMyTeams())[0]?.name;
    const link = permalink(ctx.settings.mattermostUrl, teamName, post.id);
    return {
      text:
        `Uploaded ${info.name} (${formatBytes(info.size)}) in post ${post.id} · file ${info.id} · ${link}` +
        broadcastNote(message ?? '', post.message),
      structured: {
        post_id: post.id,
        file_id: info.id,
        filename: info.name,
        size: info.size,
        permalink: link,
      },
    };
  },
});

const fileWithChannel = fileSummarySchema.extend({ channel: z.string().optional() });

async function describeFile(ctx: ToolContext, fileId: string) {
  const info = await ctx.mm.getFileInfo(fileId);
  const [users, places] = await Promise.all([
    ctx.mm.getUsersByIds([info.user_id]),
    placesOf(ctx.mm, info.channel_id ? [info.channel_id] : []),
  ]);
  const channel = places.get(info.channel_id)?.reference;
  return { info, summary: { ...toFileSummary(info, users), ...(channel ? { channel } : {}) } };
}

const getFileInfo = defineTool({
  name: 'get_file_info',
  title: 'Get file details',
  description:
    'Describes a file: name, size, type, uploader, time, channel and post. Use read_file for its content.',
  toolset: 'files',
  kind: 'read',
  input: z.object({ file_id: fileArg('The file.') }),
  output: fileWithChannel,
  async handler({ file_id }, ctx) {
    const { summary } = await describeFile(ctx, file_id);
    return {
      text: `${summary.channel ? `${summary.channel} · ` : ''}${formatFileLine(summary)}`,
      structured: summary,
    };
  },
});

const readFile = defineTool({
  name: 'read_file',
  title: 'Read a file',
  description:
    'Reads an attached file. Text files (txt, md, csv, json, code, ...) come back as text in pages: pass ' +
    '`next_offset` as `offset` to continue. Images (png, jpeg, gif, webp) come back as an image. ' +
    'PDF and Office documents (pdf, docx, pptx, xlsx, odt, odp, ods) come back as their text, paged the ' +
    'same way. Other files are described only.',
  toolset: 'files',
  kind: 'read',
  input: z.object({
    file_id: fileArg('The file.'),
    offset: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Character to start from (text and documents).'),
    limit: z
      .number()
      .int()
      .min(100)
      .max(100_000)
      .optional()
      .describe('Most characters to return (text and documents); defaults to the output budget.'),
  }),
  output: z.object({
    file: fileWithChannel,
    kind: z
      .enum(['text', 'document', 'image', 'other'])
      .describe('document: the text of a PDF or Office file, extracted.'),
    text: z.string().optional(),
    offset: z.number().int().optional(),
    next_offset: z.number().int().optional(),
    total_chars: z.number().int().optional(),
  }),
  async handler({ file_id, offset, limit }, ctx) {
    const { info, summary } = await describeFile(ctx, file_id);
    const head = formatFileLine(summary);
    const mode = fileReadMode(info);
    if (mode === 'image' && info.size <= MAX_IMAGE_BYTES) {
      const data = await ctx.mm.getFileContent(file_id, MAX_IMAGE_BYTES);
      return {
        text: `Image ${head}`,
        structured: { file: summary, kind: 'image' as const },
        content: [
          { type: 'image' as const, data: data.toString('base64'), mimeType: info.mime_type },
        ],
      };
    }
    const budget = Math.max(100, ctx.settings.maxOutputChars - head.length - 200);
    const pageOf = (content: string, label: string) => {
      const page = textPage(content, offset, Math.min(limit ?? budget, budget));
      const range = `characters ${page.offset}–${page.offset + page.text.length} of ${page.total}`;
      const more =
        page.nextOffset !== undefined
          ? [`[more text: call again with offset ${page.nextOffset}]`]
          : [];
      return {
        text: [`${label}${head} · ${range}`, page.text, ...more].join('\n'),
        structured: {
          file: summary,
          kind: label ? ('document' as const) : ('text' as const),
          text: page.text,
          offset: page.offset,
          ...(page.nextOffset !== undefined ? { next_offset: page.nextOffset } : {}),
          total_chars: page.total,
        },
      };
    };
    if (mode === 'text' && info.size <= MAX_READ_BYTES) {
      const data = await ctx.mm.getFileContent(file_id, MAX_READ_BYTES);
      return pageOf(data.toString('utf8'), '');
    }
    const documents = ctx.settings.documents;
    const document = documentKind(info);
    let why: string;
    if (document && documents && info.size <= documents.limits.maxBytes) {
      try {
        const content = await documents.textOf(file_id, () =>
          ctx.mm.getFileContent(file_id, documents.limits.maxBytes),
        );
        if (content) return pageOf(content, `Text of a ${document}: `);
        why = `it is a ${document} with no text to read (scanned pages are images)`;
      } catch (err) {
        if (!(err instanceof DocumentTextError)) throw err;
        ctx.log.info({ file_id, err: err.message }, 'document text not read');
        why = `it is a ${document}, but ${err.message}`;
      }
    } else if (document && documents) {
      why = `it is a ${document} larger than ${formatBytes(documents.limits.maxBytes)}, so only its details are shown`;
    } else if (mode === 'other') {
      why = 'its content is binary and is not shown';
    } else {
      why = `it is larger than ${formatBytes(mode === 'image' ? MAX_IMAGE_BYTES : MAX_READ_BYTES)}, so only its details are shown`;
    }
    return {
      text: `${head}\n(${why}.)`,
      structured: { file: summary, kind: 'other' as const },
    };
  },
});

const CHANNEL_FILES_PAGE = 50;

const listChannelFiles = defineTool({
  name: 'list_channel_files',
  title: 'List a channel’s files',
  description: 'Lists the files posted in a channel, newest first, with sizes, uploaders and ids.',
  toolset: 'files',
  kind: 'read',
  input: z.object({
    channel: channelArg(),
    cursor: cursorArg(),
  }),
  output: z.object({
    channel_id: z.string(),
    files: z.array(fileSummarySchema),
    ...pageFields,
  }),
  async handler({ channel, cursor }, ctx) {
    const found = await resolveChannel(ctx.mm, channel);
    const place = await describeChannelPlace(ctx.mm, found);
    // Mattermost lists a channel's files through file search narrowed with in:.
    const name = found.type === 'D' ? place.dmName! : found.name;
    const page = offsetOf(cursor, `files:${found.id}`);
    const result = await ctx.mm.searchFiles(found.team_id, `in:${name}`, {
      page,
      perPage: CHANNEL_FILES_PAGE,
    });
    const infos = result.order
      .map((id) => result.file_infos[id])
      .filter((info): info is FileInfo => !!info && info.channel_id === found.id);
    const users = await ctx.mm.getUsersByIds(infos.map((info) => info.user_id));
    const files = infos.map((info) => toFileSummary(info, users));
    const more = result.has_next ?? result.order.length >= CHANNEL_FILES_PAGE;
    const next = more ? offsetCursor(`files:${found.id}`, page + 1) : undefined;
    return listAnswer('files', files, {
      header: files.length
        ? `${files.length} file${files.length === 1 ? '' : 's'}, newest first:`
        : 'No files in this channel.',
      lines: files.map(formatFileLine),
      next,
      extra: { channel_id: found.id },
    });
  },
});

export const fileTools = [uploadFile, readFile, getFileInfo, listChannelFiles];
