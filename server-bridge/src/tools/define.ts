import type { ContentBlock } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import type { DocumentTexts } from '../documents/document-text.js';
import type { Logger } from '../observability/logger.js';
import type { AuthenticatedUser, UserGateway } from '../gateway/types.js';
import type { Toolset } from './toolsets.js';

/**
 * What a tool does to Mattermost. It alone decides the MCP annotations and whether a
 * read-only policy hides the tool, so no handler checks policies itself.
 */
export type ToolKind = 'read' | 'write' | 'destructive';

/** Bridge settings a handler may need to shape its answer. */
export interface ToolSettings {
  /** Base URL of Mattermost, for permalinks. */
  mattermostUrl: string;
  /** Budget of a tool's text output; longer output is cut with a marker and a cursor. */
  maxOutputChars: number;
  /** Reads the text of PDF and Office documents; without it such files are described only. */
  documents?: DocumentTexts;
}

/** Everything a handler may use; built per session, never global. */
export interface ToolContext {
  user: AuthenticatedUser;
  mm: UserGateway;
  log: Logger;
  signal: AbortSignal;
  settings: ToolSettings;
  /** The session may only read (a read-only OAuth grant), whatever the policy allows. */
  readOnly?: boolean;
  /** The request's correlation id, also in every log line and error message. */
  correlationId: string;
  /**
   * Reports how far a long call is (`notifications/progress`). A no-op when the client sent no
   * progress token, so handlers call it without checking.
   */
  progress?: (progress: number, total?: number, message?: string) => Promise<void>;
}

/** A tool's answer: compact text for the model and the same facts as structured content. */
export interface ToolOutput<O> {
  text: string;
  structured: O;
  /** Blocks sent after the text, such as an image the tool read (MCP image content). */
  content?: ContentBlock[];
}

export interface ToolDefinition<
  I extends z.ZodObject = z.ZodObject,
  O extends z.ZodObject = z.ZodObject,
> {
  name: string;
  title: string;
  /** Written for a language model: what it does, when to use it, what the arguments accept. */
  description: string;
  toolset: Toolset;
  kind: ToolKind;
  input: I;
  output: O;
  handler(args: z.infer<I>, ctx: ToolContext): Promise<ToolOutput<z.infer<O>>>;
}

/** Identity function that gives a tool record its types. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  tool: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return tool;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDefinition<any, any>;
