import { z } from 'zod';
import type { ServerChannel, UserProfile } from '../gateway/user-gateway.js';
import { resolveChannel, resolveUser } from '../resolve/names.js';
import { channelArg, userArg } from './arguments.js';
import { defineTool, type ToolContext, type ToolDefinition, type ToolOutput } from './define.js';

/**
 * A tool about one channel or one person, named by its only argument: the handler receives it
 * resolved (a name it cannot resolve is refused before the handler runs).
 */
export interface SubjectTool<S, O extends z.ZodObject> extends Omit<
  ToolDefinition<z.ZodObject, O>,
  'input' | 'handler'
> {
  handler(subject: S, ctx: ToolContext): Promise<ToolOutput<z.infer<O>>>;
}

/** A tool whose one argument, `channel`, is a channel the user can see. */
export function channelTool<O extends z.ZodObject>({
  handler,
  ...tool
}: SubjectTool<ServerChannel, O>) {
  return defineTool({
    ...tool,
    input: z.object({ channel: channelArg() }),
    handler: async (args, ctx) => handler(await resolveChannel(ctx.mm, args.channel), ctx),
  });
}

/** A tool whose one argument, `user`, is a person. */
export function userTool<O extends z.ZodObject>({ handler, ...tool }: SubjectTool<UserProfile, O>) {
  return defineTool({
    ...tool,
    input: z.object({ user: userArg() }),
    handler: async (args, ctx) => handler(await resolveUser(ctx.mm, args.user), ctx),
  });
}
