import type { RequestHandler } from 'express';
import type { SimContext } from '../context.js';
import { sessionForToken, tokenOf } from './auth.js';

/** One API request as a recording keeps it: no token, only whose it was. */
export interface RecordedRequest {
  method: string;
  /** The path under /api/v4, without the query. */
  path: string;
  /** The user the request's token belongs to, when it is valid. */
  userId?: string;
}

/** A recording of the API requests the simulator serves from its start until `stop`. */
export interface RequestRecording {
  readonly requests: readonly RecordedRequest[];
  /** Requests made with a given user's token. */
  of(userId: string): RecordedRequest[];
  stop(): void;
}

const recordings = new WeakMap<SimContext, Set<RecordedRequest[]>>();

/** Starts recording API requests, for tests that count what a client asks of Mattermost. */
export function recordRequests(ctx: SimContext): RequestRecording {
  let active = recordings.get(ctx);
  if (!active) recordings.set(ctx, (active = new Set()));
  const requests: RecordedRequest[] = [];
  active.add(requests);
  return {
    requests,
    of: (userId) => requests.filter((r) => r.userId === userId),
    stop: () => void active.delete(requests),
  };
}

/** Adds each API request to the recordings under way (nothing when none is). */
export function requestLog(ctx: SimContext): RequestHandler {
  return (req, _res, next) => {
    const active = recordings.get(ctx);
    if (
      active?.size &&
      req.path.startsWith('/api/v4/') &&
      !req.path.startsWith('/api/v4/simulator')
    ) {
      const token = tokenOf(req)?.token;
      const session = token ? sessionForToken(ctx, token) : undefined;
      const entry: RecordedRequest = {
        method: req.method,
        path: req.path.slice('/api/v4'.length),
        ...(session && typeof session !== 'string' ? { userId: session.user_id } : {}),
      };
      for (const list of active) list.push(entry);
    }
    next();
  };
}
