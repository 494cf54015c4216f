import { z } from 'zod';
import type { UserGateway } from '../gateway/user-gateway.js';
import { resolveChannel, resolveTeam, resolveUser } from '../resolve/names.js';
import { channelArg, teamArg, userArg } from './arguments.js';
import { defineTool, type ToolContext, type ToolDefinition, type ToolOutput } from './define.js';

/**
 * A tool about one channel, person or team, named by its only argument: the handler receives it
 * resolved (a name that does not resolve is refused before the handler runs).
 */
export interface SubjectTool<S, O extends z.ZodObject> extends Omit<
  ToolDefinition<z.ZodObject, O>,
  'input' | 'handler'
> {
  handler(subject: S, ctx: ToolContext): Promise<ToolOutput<z.infer<O>>>;
}

/** Makes the tools whose one argument, `key`, names a subject that `resolve` finds. */
function subjectTools<K extends string, S>(
  key: K,
  argument: () => z.ZodString,
  resolve: (mm: UserGateway, reference: string) => Promise<S>,
) {
  return <O extends z.ZodObject>({ handler, ...tool }: SubjectTool<S, O>) =>
    defineTool({
      ...tool,
      input: z.object({ [key]: argument() } as Record<K, z.ZodString>),
      handler: async (args, ctx) =>
        handler(await resolve(ctx.mm, (args as Record<K, string>)[key]), ctx),
    });
}

/** A tool about one channel the user can see: `channel`. */
export const channelTool = subjectTools('channel', () => channelArg(), resolveChannel);
/** A tool about one person: `user`. */
export const userTool = subjectTools('user', () => userArg(), resolveUser);
/** A tool about one team: `team`. */
export const teamTool = subjectTools('team', () => teamArg('A team name or id.'), resolveTeam);
