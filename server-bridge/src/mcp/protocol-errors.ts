import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  type McpServer,
} from '@modelcontextprotocol/server';
import type { Logger } from '../observability/logger.js';
import { scrubSecrets } from '../observability/logger.js';
import { wrapRequestHandler } from './handler-wrap.js';
import {
  BridgeLimitError,
  MattermostError,
  ToolError,
  UnauthorizedError,
  UnknownResourceError,
} from '../errors.js';

/**
 * What went wrong, in one vocabulary for tools, resources, prompts and completion:
 * `refused` (the bridge or a policy said no, with a reason for the person), `not_found` (nothing
 * by that name the user may see: Mattermost's 403 and 404 alike, so existence is not revealed),
 * `limit` (a limit of the bridge), `unauthorized` (the token), `mattermost` (Mattermost failed or
 * refused otherwise), `internal` (a fault of the bridge; details only in its log).
 */
export type FailureKind =
  'refused' | 'not_found' | 'limit' | 'unauthorized' | 'mattermost' | 'internal';

export interface Failure {
  kind: FailureKind;
  /** For the person: what happened and what to do; never a stack or a token. */
  message: string;
  /** Mattermost's request id, when Mattermost answered. */
  requestId?: string;
}

/** What Mattermost's status means for the person reading the error. */
export function explainStatus(status: number): string {
  switch (status) {
    case 0:
      return 'Mattermost could not be reached';
    case 400:
      return 'Mattermost refused the request';
    case 401:
      return 'Mattermost refused the token (expired or revoked)';
    case 403:
      return 'You do not have permission for this in Mattermost';
    case 404:
      return 'Not found in Mattermost (or not visible to you)';
    case 429:
      return 'Mattermost is rate limiting requests';
    case 501:
      return 'This Mattermost server has the feature turned off';
    default:
      return status >= 500 ? 'Mattermost failed to answer' : `Mattermost answered HTTP ${status}`;
  }
}

/** The one classification of a failure, used by every kind of answer. */
export function classifyFailure(err: unknown): Failure {
  if (err instanceof ToolError) return { kind: 'refused', message: err.message };
  if (err instanceof UnknownResourceError) return { kind: 'not_found', message: err.message };
  if (err instanceof BridgeLimitError) return { kind: 'limit', message: err.message };
  if (err instanceof UnauthorizedError) return { kind: 'unauthorized', message: err.message };
  if (err instanceof MattermostError) {
    const wait =
      err.retryAfterMs !== undefined ? ` Retry after ${Math.ceil(err.retryAfterMs / 1000)} s.` : '';
    return {
      kind: err.status === 403 || err.status === 404 ? 'not_found' : 'mattermost',
      message: `${explainStatus(err.status)}: ${scrubSecrets(err.message)}${wait}`,
      ...(err.requestId ? { requestId: err.requestId } : {}),
    };
  }
  return { kind: 'internal', message: 'The bridge failed to answer.' };
}

/**
 * A failure as a JSON-RPC error of `resources/read`, `prompts/get` or `completion/complete`.
 * A resource that is missing, or that the user may not see, is the specification's "resource not
 * found": code -32602 with `data.uri` (2026-07-28); the 2025-era transports send it as -32002
 * (`legacyResourceNotFound`). A prompt or completion argument naming nothing is invalid params.
 */
export function protocolErrorOf(err: unknown, uri?: string): ProtocolError {
  if (err instanceof ProtocolError) return err;
  const failure = classifyFailure(err);
  // Hidden by a policy or by Mattermost, or not there: the client learns only that it cannot read it.
  if (uri !== undefined && (failure.kind === 'not_found' || failure.kind === 'refused'))
    return new ResourceNotFoundError(uri, failure.message);
  if (failure.kind === 'refused' || failure.kind === 'not_found')
    return new ProtocolError(ProtocolErrorCode.InvalidParams, failure.message);
  return new ProtocolError(ProtocolErrorCode.InternalError, failure.message);
}

/**
 * Puts `protocolErrorOf` around the server's own handlers of resources, prompts and completion,
 * so every failure reaches the client with its proper code, and a fault of the bridge is logged
 * here and reaches it without details. Call once everything is registered.
 */
export function mapProtocolErrors(server: McpServer, log: Logger): void {
  for (const method of ['resources/read', 'prompts/get', 'completion/complete']) {
    wrapRequestHandler(server, method, (original) => async (request, ctx) => {
      try {
        return await original(request, ctx);
      } catch (err) {
        const params = (request as { params?: { uri?: unknown } }).params;
        const uri = method === 'resources/read' ? String(params?.uri ?? '') : undefined;
        const mapped = protocolErrorOf(err, uri);
        if (!(err instanceof ProtocolError) && classifyFailure(err).kind === 'internal')
          log.error({ err, method }, 'a request failed unexpectedly');
        throw mapped;
      }
    });
  }
}

/**
 * The 2025-11-25 revision names "resource not found" -32002; the SDK sends -32602 with `data.uri`
 * on every revision. A 2025-era transport passes its outgoing messages through here.
 */
export function legacyResourceNotFound<T>(message: T): T {
  const error = (message as { error?: { code?: unknown; data?: unknown } }).error;
  const data = error?.data as Record<string, unknown> | undefined;
  if (
    error?.code === ProtocolErrorCode.InvalidParams &&
    data &&
    typeof data.uri === 'string' &&
    Object.keys(data).length === 1
  ) {
    return {
      ...message,
      error: { ...error, code: ProtocolErrorCode.ResourceNotFound },
    } as T;
  }
  return message;
}
