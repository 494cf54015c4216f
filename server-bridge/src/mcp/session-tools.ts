import type { McpServer, ServerContext } from '@modelcontextprotocol/server';
import type { AnyTool } from '../tools/define.js';
import { annotationsFor } from './annotations.js';
import type { ToolAnswer } from './middleware/types.js';
import { recordHost, serverRecords } from './shared-records.js';

/** Runs one call of a tool for one session: the session's own context, chain and gateway. */
export type SessionToolCall = (
  tool: AnyTool,
  args: Record<string, unknown>,
  mcpCtx: ServerContext,
) => Promise<ToolAnswer>;

/** A tool as one session's server holds it: shown (and callable) or not. */
export interface SessionToolHandle {
  enabled: boolean;
}

export type ToolListing = 'compact' | 'full';

const TOOL = Symbol('the catalogue tool');
const CALL = Symbol('the session that calls it');

interface SessionRecord extends SessionToolHandle {
  [TOOL]: AnyTool;
  [CALL]: SessionToolCall;
}

/**
 * The SDK's tools/call runs `record.executor(args, ctx)` as a method of the record it found, so one
 * executor serves every session: the record it is called on names the tool and the session.
 */
async function executeForSession(
  this: SessionRecord,
  args: Record<string, unknown>,
  mcpCtx: ServerContext,
): Promise<ToolAnswer> {
  return this[CALL](this[TOOL], args, mcpCtx);
}

const notCalled = async () => {
  throw new Error('a shared tool record is run through its session');
};

/** One record per tool and listing, shared by every session (see `installTool`). */
const shared: Record<ToolListing, WeakMap<AnyTool, object>> = {
  compact: new WeakMap(),
  full: new WeakMap(),
};

/**
 * The SDK's own record of a tool (its title, description, schemas, annotations and the JSON
 * Schema of its output, converted once on first use), built once (shared-records.ts). Nothing in
 * it belongs to a session or a user.
 */
function sharedRecord(tool: AnyTool, listing: ToolListing): object {
  let record = shared[listing].get(tool);
  if (record) return record;
  const sdkRecord = recordHost().registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      ...(listing === 'full' ? { outputSchema: tool.output } : {}),
      annotations: annotationsFor(tool),
    },
    notCalled,
  );
  record = Object.create(sdkRecord, {
    [TOOL]: { value: tool },
    executor: { value: executeForSession },
  }) as object;
  shared[listing].set(tool, record);
  return record;
}

/**
 * Puts a tool on one session's server, as `registerTool` would, for a few dozen bytes instead of
 * about 1.5 KB: the server's record is an object of two fields (shown or not, and the session's
 * call) over the tool's shared record. The SDK lists, validates and calls it as its own (tools/list,
 * input and output validation, tools/call). No list_changed is sent: whoever changed the list
 * tells the client once.
 */
export function installTool(
  server: McpServer,
  tool: AnyTool,
  listing: ToolListing,
  call: SessionToolCall,
): SessionToolHandle {
  const record = Object.create(sharedRecord(tool, listing)) as SessionRecord;
  record.enabled = true;
  record[CALL] = call;
  const registered = serverRecords(server)._registeredTools;
  if (registered[tool.name]) throw new Error(`Tool ${tool.name} is already registered`);
  registered[tool.name] = record;
  return record;
}
