import { z } from 'zod';
import type { FileInfo, UserProfile } from '../gateway/user-gateway.js';
import { isoTime } from './time.js';
import { pick, pickPresent } from './fields.js';

export const fileSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().int().describe('Bytes.'),
  mime_type: z.string(),
  uploaded_by: z.string().describe('Username of the uploader.'),
  created_at: z.string(),
  post_id: z.string().optional().describe('The post the file is attached to.'),
  channel_id: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
});
export type FileSummary = z.infer<typeof fileSummarySchema>;

export function toFileSummary(
  info: FileInfo,
  users: ReadonlyMap<string, Pick<UserProfile, 'username'>>,
): FileSummary {
  return {
    ...pick(info, 'id', 'name', 'size', 'mime_type'),
    uploaded_by: users.get(info.user_id)?.username ?? info.user_id,
    created_at: isoTime(info.create_at),
    ...pickPresent(info, 'post_id', 'channel_id', 'width', 'height'),
  };
}

/** `1.5 MiB`, `320 B` */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** `report.pdf · 1.5 MiB · application/pdf · @alice · 2026-05-04T09:00:00Z · id …` */
export function formatFileLine(file: FileSummary): string {
  const parts = [file.name, formatBytes(file.size), file.mime_type, `@${file.uploaded_by}`];
  if (file.width && file.height) parts.push(`${file.width}×${file.height}`);
  parts.push(file.created_at, `id ${file.id}`);
  if (file.post_id) parts.push(`post ${file.post_id}`);
  return parts.join(' · ');
}

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|yaml|x-yaml|javascript|x-sh|sql|csv|x-ndjson|toml)\b)/;
const TEXT_EXTENSIONS = new Set(
  'txt md markdown csv tsv json jsonl ndjson yaml yml xml html htm css js mjs cjs ts tsx jsx py rb go rs java kt c h cpp hpp cs sh bash zsh sql toml ini cfg conf log env properties gradle swift php pl r scala lua diff patch'.split(
    ' ',
  ),
);

/** How read_file returns a file: inline text, an image block, or its description only. */
export function fileReadMode(
  info: Pick<FileInfo, 'mime_type' | 'extension'>,
): 'text' | 'image' | 'other' {
  const mime = (info.mime_type || '').toLowerCase();
  if (/^image\/(png|jpeg|gif|webp)$/.test(mime)) return 'image';
  if (TEXT_TYPES.test(mime) || TEXT_EXTENSIONS.has((info.extension || '').toLowerCase()))
    return 'text';
  return 'other';
}

/**
 * One page of a text file, in characters: from `offset`, at most `limit`, with the offset of the
 * next page when more remains.
 */
export function textPage(
  text: string,
  offset: number,
  limit: number,
): { text: string; offset: number; nextOffset?: number; total: number } {
  const start = Math.min(offset, text.length);
  const end = Math.min(text.length, start + limit);
  return {
    text: text.slice(start, end),
    offset: start,
    ...(end < text.length ? { nextOffset: end } : {}),
    total: text.length,
  };
}
