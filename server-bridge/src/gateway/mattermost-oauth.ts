import { MattermostError } from '../errors.js';
import { MattermostGrantRefused } from '../errors.js';

/** Mattermost's tokens for one person, as the bridge keeps them. */
export interface MattermostTokens {
  accessToken: string;
  refreshToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface MattermostOAuthApp {
  mattermostUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
}

/**
 * The bridge as one confidential client of Mattermost's OAuth 2.0 provider: the authorization URL
 * a person is sent to, and the token endpoint (`POST /oauth/access_token`, form-encoded, outside
 * /api/v4). Tokens and secrets never reach an error message.
 */
export class MattermostOAuthClient {
  constructor(private readonly app: MattermostOAuthApp) {}

  authorizeUrl(redirectUri: string, state: string): string {
    const url = new URL(`${this.app.mattermostUrl}/oauth/authorize`);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.app.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    return url.toString();
  }

  exchangeCode(code: string, redirectUri: string): Promise<MattermostTokens> {
    return this.tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  }

  refresh(refreshToken: string): Promise<MattermostTokens> {
    return this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  private async tokenRequest(params: Record<string, string>): Promise<MattermostTokens> {
    const body = new URLSearchParams({
      ...params,
      client_id: this.app.clientId,
      client_secret: this.app.clientSecret,
    });
    let response: Response;
    try {
      response = await fetch(`${this.app.mattermostUrl}/oauth/access_token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body,
        signal: AbortSignal.timeout(this.app.timeoutMs),
      });
    } catch {
      throw new MattermostError('Could not reach Mattermost’s OAuth token endpoint.', 0);
    }
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      const id = typeof answer['id'] === 'string' ? answer['id'] : `HTTP ${response.status}`;
      throw new MattermostGrantRefused(`Mattermost refused the OAuth grant (${id}).`);
    }
    if (response.status === 501) {
      throw new MattermostGrantRefused('Mattermost’s OAuth 2.0 service provider is turned off.');
    }
    const accessToken = answer['access_token'];
    const refreshToken = answer['refresh_token'];
    const expiresIn = Number(answer['expires_in']);
    if (!response.ok || typeof accessToken !== 'string' || typeof refreshToken !== 'string') {
      throw new MattermostError(
        `Mattermost’s OAuth token endpoint answered HTTP ${response.status}.`,
        response.status,
      );
    }
    return {
      accessToken,
      refreshToken,
      expiresAt:
        Date.now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000,
    };
  }
}
