import type { Request, Response } from 'express';
import { errorPage } from './consent-page.js';
import { browserCookie, callbackUrl, clientRedirect, type OAuthContext } from './context.js';
import { sameSecret } from './crypto.js';
import { MattermostGrantRefused } from '../errors.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * `GET /oauth/callback`: Mattermost sends the person back here. The bridge redeems Mattermost's
 * code with its client secret, keeps Mattermost's tokens in a new grant, and sends the browser
 * back to the client with the bridge's own code. Mattermost's tokens never leave the bridge.
 */
export function callbackHandler(ctx: OAuthContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const refuse = (status: number, message: string) => {
      res.status(status).type('html').set('Cache-Control', 'no-store').send(errorPage(message));
    };
    const state = text(req.query['state']);
    const pending = state ? await ctx.records.take('upstream_state', state) : undefined;
    const request = pending ? await ctx.records.take('request', pending.requestId) : undefined;
    if (!request)
      return refuse(
        400,
        'This sign-in expired or was already used. Start again from the assistant.',
      );
    if (!sameSecret(browserCookie(req) ?? '', request.csrf))
      return refuse(403, 'This sign-in was started in another browser.');
    const back = (params: Record<string, string | undefined>) =>
      res.redirect(
        302,
        clientRedirect(ctx, request.redirectUri, { ...params, state: request.state }),
      );

    const code = text(req.query['code']);
    if (!code) {
      return back({
        error: 'access_denied',
        error_description: 'Access was not allowed in Mattermost.',
      });
    }
    try {
      const tokens = await ctx.mattermost.exchangeCode(code, callbackUrl(ctx));
      const { grant, user } = await ctx.grants.create(request, tokens);
      const bridgeCode = await ctx.tokens.issueCode(grant, request);
      ctx.log.info(
        { grant_id: grant.id, user_id: user.id, client_name: grant.clientName, scope: grant.scope },
        'oauth grant created',
      );
      back({ code: bridgeCode });
    } catch (err) {
      ctx.log.warn(
        { err: (err as Error).message },
        'the Mattermost sign-in could not be completed',
      );
      back({
        error: err instanceof MattermostGrantRefused ? 'access_denied' : 'server_error',
        error_description: 'The Mattermost sign-in could not be completed.',
      });
    }
  };
}
