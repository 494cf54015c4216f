import type { Request, Response } from 'express';
import type { OAuthContext } from './context.js';
import { invalidRequest, sendProblem } from './problems.js';
import { OAuthProblem } from '../errors.js';

type Form = Record<string, string | undefined>;

/** The request's form fields (single values only: a repeated parameter is a bad request). */
function formOf(req: Request): Form {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const form: Form = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') throw invalidRequest(`${key} must be given once, as text.`);
    form[key] = value;
  }
  return form;
}

/**
 * The client a token or revocation request comes from: `client_id` in the form, or in HTTP
 * Basic (RFC 6749 §2.3.1) with an empty secret. Public clients only: no secret is accepted.
 */
async function clientOf(ctx: OAuthContext, req: Request, form: Form): Promise<string> {
  let clientId = form['client_id'];
  const basic = /^basic\s+(\S+)$/i.exec(req.header('authorization') ?? '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    const decoded = decodeURIComponent(id ?? '');
    if (secret || (clientId && clientId !== decoded))
      throw new OAuthProblem(
        'invalid_client',
        'Clients of the bridge are public: send no secret.',
        401,
      );
    clientId = decoded;
  }
  if (form['client_secret'])
    throw new OAuthProblem(
      'invalid_client',
      'Clients of the bridge are public: send no secret.',
      401,
    );
  if (!clientId) throw new OAuthProblem('invalid_client', 'client_id is required.', 401);
  const client = await ctx.clients.resolve(clientId);
  if (!client) throw new OAuthProblem('invalid_client', 'Unknown client.', 401);
  return client.client_id;
}

async function answer(res: Response, work: () => Promise<unknown>, status = 200): Promise<void> {
  try {
    const body = await work();
    res.status(status).set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json(body);
  } catch (err) {
    if (err instanceof OAuthProblem) return sendProblem(res, err);
    throw err;
  }
}

/** `POST /oauth/token`: authorization_code and refresh_token grants. */
export function tokenHandler(ctx: OAuthContext) {
  return (req: Request, res: Response) =>
    answer(res, async () => {
      const form = formOf(req);
      const clientId = await clientOf(ctx, req, form);
      switch (form['grant_type']) {
        case 'authorization_code':
          return ctx.tokens.exchangeCode(form, clientId);
        case 'refresh_token':
          return ctx.tokens.refresh(form, clientId);
        default:
          throw new OAuthProblem(
            'unsupported_grant_type',
            'grant_type must be authorization_code or refresh_token.',
          );
      }
    });
}

/** `POST /oauth/register`: Dynamic Client Registration (RFC 7591) for public clients. */
export function registerHandler(ctx: OAuthContext) {
  return (req: Request, res: Response) => answer(res, () => ctx.clients.register(req.body), 201);
}

/** `POST /oauth/revoke` (RFC 7009): 200 whether or not the token was known. */
export function revokeHandler(ctx: OAuthContext) {
  return (req: Request, res: Response) =>
    answer(res, async () => {
      const form = formOf(req);
      const clientId = await clientOf(ctx, req, form);
      if (!form['token']) throw invalidRequest('token is required.');
      await ctx.tokens.revoke(form['token'], clientId);
      return {};
    });
}
