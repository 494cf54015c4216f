import { z } from 'zod';
import type { PostInfo, UserGateway } from '../gateway/user-gateway.js';
import { resolveChannel } from '../resolve/names.js';
import { MattermostError } from '../errors.js';

/** What a channel rule can be checked against: a channel reference, a post id, a file id. */
export type TargetKind = 'channel' | 'post' | 'file';

/** What an argument names: a policy target, or a team or person (recorded, not checked). */
export type SubjectKind = TargetKind | 'team' | 'user';

/**
 * What each argument schema names, declared where the schema is built (tools/arguments.ts tags
 * every `channel`, `post`, `file`, `team` and `user` argument). The policy reads the tool's
 * declaration, never the argument's name: a tool is covered by using the shared builders. A
 * registry of its own, so the tags never reach the JSON Schema clients see; zod carries them
 * through `.describe()` clones.
 */
export const argumentSubjects = z.registry<{ subject: SubjectKind }>();

/** Tags `schema` as naming `subject`; returns it for chaining. */
export function namesSubject<S extends z.ZodType>(schema: S, subject: SubjectKind): S {
  argumentSubjects.add(schema, { subject });
  return schema;
}

const TARGET_KINDS: readonly SubjectKind[] = ['channel', 'post', 'file'];

/** The subject of one argument, looked up through optional, default, array and transform wrappers. */
function subjectOfSchema(schema: z.core.$ZodType | undefined): SubjectKind | undefined {
  for (let current = schema, depth = 0; current && depth < 8; depth++) {
    const found = argumentSubjects.get(current as z.ZodType)?.subject;
    if (found) return found;
    const def = current._zod.def as {
      innerType?: z.core.$ZodType;
      element?: z.core.$ZodType;
      in?: z.core.$ZodType;
    };
    current = def.innerType ?? def.element ?? def.in;
  }
  return undefined;
}

/** Every argument of a tool's input that declares what it names. */
export function subjectsOf(input: z.ZodObject): Map<string, SubjectKind> {
  const subjects = new Map<string, SubjectKind>();
  for (const [argument, schema] of Object.entries(input.shape)) {
    const subject = subjectOfSchema(schema as z.core.$ZodType);
    if (subject) subjects.set(argument, subject);
  }
  return subjects;
}

/** The arguments the channel rules are checked against, with what each names. */
export function targetsOf(input: z.ZodObject): Map<string, TargetKind> {
  const targets = new Map<string, TargetKind>();
  for (const [argument, subject] of subjectsOf(input))
    if (TARGET_KINDS.includes(subject)) targets.set(argument, subject as TargetKind);
  return targets;
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
  /** For a post of a channel the user cannot open: where post info says it is, to judge it by. */
  seen?: PostInfo;
}

/**
 * A post's channel; for a post the user may not read yet (a channel or team not joined), where
 * Mattermost's post info says it is.
 */
async function channelOfPost(
  mm: UserGateway,
  postId: string,
): Promise<{ channelId: string; seen?: PostInfo }> {
  try {
    return { channelId: (await mm.getPostPlace(postId)).channel_id };
  } catch (err) {
    if (!(err instanceof MattermostError && err.status === 403)) throw err;
    // A post the user could not even join stays refused as Mattermost refused it.
    const info = await mm.getPostInfo(postId).catch(() => undefined);
    if (!info) throw err;
    return { channelId: info.channel_id, seen: info };
  }
}

/**
 * The channels behind a call's declared target arguments, each once per argument value.
 * References are resolved with the user's raw gateway: what counts is the channel itself, however
 * the model named it.
 */
export async function resolveTargets(
  mm: UserGateway,
  input: z.ZodObject,
  args: Record<string, unknown>,
): Promise<CallTarget[]> {
  const targets: CallTarget[] = [];
  for (const [argument, kind] of targetsOf(input)) {
    for (const reference of strings(args[argument])) {
      if (kind === 'post') {
        targets.push({ argument, reference, ...(await channelOfPost(mm, reference)) });
        continue;
      }
      const channelId =
        kind === 'channel'
          ? (await resolveChannel(mm, reference)).id
          : (await mm.getFileInfo(reference)).channel_id || undefined;
      if (channelId) targets.push({ argument, reference, channelId });
    }
  }
  return targets;
}
