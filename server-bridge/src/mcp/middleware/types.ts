import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import type { AnyTool, ToolContext } from '../../tools/define.js';
import type { ConfirmationTicket } from '../confirmation.js';
import type { SessionPolicy } from '../../policy/policy-profiles.js';

/** What the chain knows of the MCP client behind a call. */
export interface CallClient {
  /** The client's name from its `initialize` (`clientInfo.name`), such as `claude-code`. */
  name?: string;
  /** The client declared the elicitation capability (in `initialize`, or on this very request). */
  canElicit: boolean;
  /**
   * What a call sent again after an input-required result carries: the user's answers and the
   * ticket the bridge sealed when it asked (already verified by the SDK's request-state hook).
   */
  confirmation?: { responses?: Record<string, unknown>; ticket?: ConfirmationTicket };
  /** Seals a ticket into the `requestState` of an input-required result. */
  seal(ticket: ConfirmationTicket): Promise<string>;
}

/**
 * Facts a step learns about a call for the steps around it: the policy step records the channels
 * the call touched, the confirmation step whether the user declined; the audit step reports them.
 */
export interface CallFacts {
  /** Channel ids the call's arguments resolved to. */
  channelIds?: string[];
  /** Why a policy refused the call (the rule), when it did. */
  refusedBy?: string;
  /** The user's answer to a confirmation, when one was asked. */
  confirmation?: 'accept' | 'decline' | 'cancel' | 'unsupported';
}

/** One tool call on its way through the middleware chain. Arguments are already schema-checked. */
export interface ToolCall {
  tool: AnyTool;
  args: Record<string, unknown>;
  ctx: ToolContext;
  /** The client that made the call; absent for calls made outside an MCP session. */
  client?: CallClient;
  /** Shared by every step of this call (the same object all the way down). */
  facts?: CallFacts;
  /** The policy binding the session (profiles applied); the global policy when absent. */
  policy?: () => SessionPolicy;
}

/**
 * What a step answers: the call's result, or a request for more input from the user (the
 * client answers and calls again; see confirm.ts).
 */
export type ToolAnswer = CallToolResult | InputRequiredResult;

export type NextFn = (call: ToolCall) => Promise<ToolAnswer>;

/**
 * A step around every tool call: it may change the call, refuse it, observe or change the result.
 * Each step lives in its own file; the registry composes them once per session.
 */
export type ToolMiddleware = (call: ToolCall, next: NextFn) => Promise<ToolAnswer>;

/** `[a, b, c]` and a handler become `a(b(c(handler)))`: the first middleware is the outermost. */
export function composeMiddleware(middleware: readonly ToolMiddleware[], terminal: NextFn): NextFn {
  return middleware.reduceRight<NextFn>((next, step) => (call) => step(call, next), terminal);
}

/** The innermost step: run the handler and shape its answer for MCP. */
export const invokeHandler: NextFn = async ({ tool, args, ctx }) => {
  const output = await tool.handler(args, ctx);
  return {
    content: [{ type: 'text', text: output.text }, ...(output.content ?? [])],
    structuredContent: output.structured,
  };
};
