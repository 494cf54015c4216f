import type { RequestHandler, Response } from 'express';
import { newId } from '../ids.js';
import { BUILD_NUMBER, SERVER_VERSION } from '../store/config.js';

/**
 * Sends `body` as JSON with exactly `Content-Type: application/json`. Client4 compares the header by
 * string equality, so express's `res.json` (which appends `; charset=utf-8`) must not be used.
 */
export function sendJson(res: Response, body: unknown, status?: number): void {
  if (status !== undefined) res.status(status);
  // setHeader, not res.set: express maps `application/json` to `application/json; charset=utf-8`
  // in res.set and in res.send(string), so the body goes out as a Buffer.
  res.setHeader('Content-Type', 'application/json');
  res.send(Buffer.from(JSON.stringify(body), 'utf8'));
}

/** Mattermost's `{"status":"OK"}` answer to actions that return nothing else. */
export function sendOk(res: Response): void {
  sendJson(res, { status: 'OK' });
}

export const VERSION_ID = `${SERVER_VERSION}.${BUILD_NUMBER}.simulator.false`;

/** Sets `X-Request-Id` and `X-Version-Id` on every response, errors included. */
export const standardHeaders: RequestHandler = (_req, res, next) => {
  res.set('X-Request-Id', newId());
  res.set('X-Version-Id', VERSION_ID);
  next();
};
