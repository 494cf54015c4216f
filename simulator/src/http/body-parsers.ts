import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';

/** type-is's rule for "this request has a body": a transfer encoding or a numeric length. */
function hasBody(req: IncomingMessage): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined || !isNaN(Number(req.headers['content-length']))
  );
}

/**
 * Express's JSON parser, not entered at all for requests without a body (most GETs): it would only
 * find that out after its own bookkeeping. `req.body` is left undefined, as the parser leaves it.
 */
export function jsonBodies(options: Parameters<typeof express.json>[0]): RequestHandler {
  const parse = express.json(options);
  return (req, res, next) => {
    if (hasBody(req)) return parse(req, res, next);
    if (!Object.hasOwn(req, 'body')) req.body = undefined;
    next();
  };
}
