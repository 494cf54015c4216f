import type { ErrorRequestHandler, Request } from 'express';
import { sendJson } from './respond.js';

/** An error as Mattermost reports it: `{id, message, detailed_error, request_id, status_code}`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly detailed = '',
  ) {
    super(message);
  }
}

export const badRequest = (id: string, message: string, detailed = '') =>
  new AppError(400, id, message, detailed);

/** 400 for a missing or malformed parameter, with Mattermost's id and wording. */
export const invalidParam = (name: string) =>
  new AppError(
    400,
    'api.context.invalid_param.app_error',
    `Invalid or missing ${name} parameter in request body.`,
  );

export const invalidUrlParam = (name: string) =>
  new AppError(
    400,
    'api.context.invalid_url_param.app_error',
    `Invalid or missing ${name} parameter in request URL.`,
  );

export const unauthorized = (detailed = '') =>
  new AppError(
    401,
    'api.context.session_expired.app_error',
    'Invalid or expired session, please login again.',
    detailed,
  );

export const forbidden = (permission = '') =>
  new AppError(
    403,
    'api.context.permissions.app_error',
    'You do not have the appropriate permissions.',
    permission ? `userId=..., permission=${permission}` : '',
  );

export const notFound = (what: string, id = 'app.' + what + '.get.app_error') =>
  new AppError(404, id, `Unable to find the ${what}.`, 'resource not found');

export const channelMemberNotFound = () =>
  new AppError(
    404,
    'app.channel.get_member.missing.app_error',
    'No channel member found for that user ID and channel ID.',
    'resource not found',
  );

export const teamMemberNotFound = () =>
  new AppError(
    404,
    'app.team.get_member.missing.app_error',
    'No team member found for that user ID and team ID.',
    'resource not found',
  );

export const notImplemented = (id: string, message: string) => new AppError(501, id, message);

function errorBody(req: Request, status: number, id: string, message: string, detailed: string) {
  return {
    id,
    message,
    detailed_error: detailed,
    request_id: String(req.res?.get('X-Request-Id') ?? ''),
    status_code: status,
  };
}

/** An error as it appears inside a graceful answer (one item of a batch). */
export function appErrorBody(req: Request, err: AppError) {
  return errorBody(req, err.status, err.id, err.message, err.detailed);
}

/** The last handler: every failure becomes Mattermost's error JSON. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) {
    // Too late for an error body: cut the answer short so the client sees the failure.
    res.destroy();
    return;
  }
  if (err instanceof AppError) {
    res.status(err.status);
    sendJson(res, errorBody(req, err.status, err.id, err.message, err.detailed));
    return;
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed') {
    res.status(400);
    sendJson(
      res,
      errorBody(
        req,
        400,
        'api.context.invalid_body_param.app_error',
        'Invalid or missing body in request.',
        e.message ?? '',
      ),
    );
    return;
  }
  if (e?.type === 'entity.too.large') {
    res.status(413);
    sendJson(
      res,
      errorBody(
        req,
        413,
        'api.context.request_body_too_large.app_error',
        'Request body is too large.',
        '',
      ),
    );
    return;
  }
  console.error('simulator: unhandled error', err);
  res.status(500);
  sendJson(
    res,
    errorBody(
      req,
      500,
      'api.context.500.app_error',
      'An internal error occurred.',
      String(e?.message ?? ''),
    ),
  );
};
