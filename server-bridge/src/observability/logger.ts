import { pino, type Logger, type LoggerOptions, type DestinationStream } from 'pino';
import { currentContext } from './context.js';

export type { Logger };

/**
 * Paths that may hold a credential anywhere in a logged object. pino replaces them before
 * serialisation, so a token cannot reach a log even when a whole request or error is logged.
 */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.cookie',
  'password',
  '*.password',
];

/** A bearer token or a Mattermost id-like secret inside free text. */
const TOKEN_IN_TEXT = /(bearer\s+|token[=:]\s*)[A-Za-z0-9._~+/-]{8,}/gi;

export function scrubSecrets(text: string): string {
  return text.replace(TOKEN_IN_TEXT, '$1[redacted]');
}

export interface LoggerSettings {
  level: string;
  /** Pretty, human output when writing to a terminal. */
  pretty?: boolean;
  destination?: DestinationStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: 'mcp-bridge' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // The request context, minus what the logger (a child) or the call already names, so no key
    // appears twice in a line.
    mixin(mergeObject, _level, logger) {
      const ctx = currentContext();
      if (!ctx) return {};
      const named = { ...(logger?.bindings() ?? {}), ...(mergeObject as object) };
      const fields: Record<string, string> = {};
      if (!('correlation_id' in named)) fields.correlation_id = ctx.correlationId;
      if (ctx.userId && !('user_id' in named)) fields.user_id = ctx.userId;
      if (ctx.tool && !('tool' in named)) fields.tool = ctx.tool;
      return fields;
    },
  };
  if (settings.destination) return pino(options, settings.destination);
  if (settings.pretty) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } },
    });
  }
  // stderr, so that the stdio transport keeps stdout for JSON-RPC alone.
  return pino(options, pino.destination(2));
}
