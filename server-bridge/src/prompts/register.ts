import type { GetPromptResult, McpServer } from '@modelcontextprotocol/server';
import { recordHost, serverRecords } from '../mcp/shared-records.js';
import { sessionContext } from '../resources/session-scope.js';
import { PROMPTS } from './catalogue.js';

/** The prompts' records, built once and shared by every session's server (see shared-records.ts). */
let shared: Record<string, unknown> | undefined;

/**
 * Gives a session's server the prompts. Their records are shared: each prompt reads the session it
 * answers for from the request (session-scope.ts), so a session holds none of its own.
 */
export function registerPrompts(server: McpServer): void {
  if (!shared) {
    const host = recordHost();
    for (const prompt of PROMPTS) {
      host.registerPrompt(
        prompt.name,
        { title: prompt.title, description: prompt.description, argsSchema: prompt.args },
        async (args) => userMessage(await prompt.text(args, sessionContext())),
      );
    }
    shared = serverRecords(host)._registeredPrompts;
  }
  const records = serverRecords(server);
  Object.assign(records._registeredPrompts, shared);
  records.setPromptRequestHandlers();
  // Their arguments complete (channels, posts).
  records.setCompletionRequestHandler();
}

function userMessage(text: string): GetPromptResult {
  return { messages: [{ role: 'user', content: { type: 'text', text } }] };
}
