import type { RequestHandler, Response } from 'express';
import { newId } from '../ids.js';
import { BUILD_NUMBER, SERVER_VERSION } from '../store/config.js';

/**
 * Sends `body` as JSON with exactly `Content-Type: application/json`. Client4 compares the header by
 * string equality, so express's `res.json` (which appends `; charset=utf-8`) must not be used.
 */
export function sendJson(res: Response, body: unknown, status?: number): void {
  if (status !== undefined) res.statusCode = status;
  // Written directly: express maps `application/json` to `application/json; charset=utf-8` in both
  // res.set and res.send(string), and its send() machinery is the costliest part of a small answer.
  // A string body (not a Buffer) lets Node write the head and the body as one chunk.
  const payload = JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(payload, 'utf8'));
  res.end(res.req.method === 'HEAD' ? undefined : payload, 'utf8');
}

/** Mattermost's `{"status":"OK"}` answer to actions that return nothing else. */
export function sendOk(res: Response): void {
  sendJson(res, { status: 'OK' });
}

export const VERSION_ID = `${SERVER_VERSION}.${BUILD_NUMBER}.simulator.false`;

/** Sets `X-Request-Id` and `X-Version-Id` on every response, errors included. */
export const standardHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Request-Id', newId());
  res.setHeader('X-Version-Id', VERSION_ID);
  next();
};
