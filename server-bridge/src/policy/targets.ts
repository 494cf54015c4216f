import type { UserGateway } from '../gateway/user-gateway.js';
import { resolveChannel } from '../resolve/names.js';

/**
 * Which channels a tool call touches, found from its arguments by their well-known names, so a
 * new tool is covered without declaring anything as long as it names its arguments like the
 * others (a test checks that every tool's channel, post and file arguments are recognised):
 *
 *  - `channel`, `channels`, `channel_id`, `channel_ids`, `*_channel`, `*_channel_id`: any channel
 *    reference (id, ~name, team/name, @username for a direct message);
 *  - `post_id`, `post_ids`, `root_id`, `*_post_id`: the post's channel;
 *  - `file_id`, `file_ids`, `*_file_id`: the file's channel (once attached).
 *
 * References are resolved with the user's raw gateway: what counts is the channel itself, however
 * the model named it.
 */
export const CHANNEL_ARG = /^(?:.+_)?channel(?:_id)?s?$|^(?:.+_)?channel_ids$/;
export const POST_ARG = /^(?:(?:.+_)?post_ids?|root_id)$/;
export const FILE_ARG = /^(?:.+_)?file_ids?$/;

export type TargetKind = 'channel' | 'post' | 'file';

export function targetKindOf(argument: string): TargetKind | undefined {
  if (CHANNEL_ARG.test(argument)) return 'channel';
  if (POST_ARG.test(argument)) return 'post';
  if (FILE_ARG.test(argument)) return 'file';
  return undefined;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value] : [];
  if (Array.isArray(value))
    return value.filter((item): item is string => typeof item === 'string' && !!item.trim());
  return [];
}

export interface CallTarget {
  /** The argument that named it. */
  argument: string;
  /** What the argument held (an id or a channel reference; never a message body). */
  reference: string;
  channelId: string;
}

/** The channels behind a call's arguments, each once per argument value. */
export async function resolveTargets(
  mm: UserGateway,
  args: Record<string, unknown>,
): Promise<CallTarget[]> {
  const targets: CallTarget[] = [];
  for (const [argument, value] of Object.entries(args)) {
    const kind = targetKindOf(argument);
    if (!kind) continue;
    for (const reference of strings(value)) {
      let channelId: string | undefined;
      if (kind === 'channel') channelId = (await resolveChannel(mm, reference)).id;
      else if (kind === 'post') channelId = (await mm.getPostPlace(reference)).channel_id;
      else channelId = (await mm.getFileInfo(reference)).channel_id || undefined;
      if (channelId) targets.push({ argument, reference, channelId });
    }
  }
  return targets;
}
