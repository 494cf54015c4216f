import type { OAuthSettings } from './config.js';
import { randomSecret, s256, sameSecret } from './crypto.js';
import { invalidGrant, invalidRequest } from './problems.js';
import type { GrantService } from './grants.js';
import type { Grant, GrantScope, OAuthRecords } from './records.js';
import { OAuthProblem } from '../errors.js';

/** The bridge's own tokens start with these, so the bridge tells them from Mattermost's at once. */
export const ACCESS_TOKEN_PREFIX = 'mmb_at_';
const REFRESH_TOKEN_PREFIX = 'mmb_rt_';
/** An authorization code is good for one minute, once. */
export const CODE_TTL_MS = 60_000;

export interface TokenAnswer {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: GrantScope;
}

/** What an access token stands for once it checks out. */
export interface AccessTokenInfo {
  grantId: string;
  clientId: string;
  resource: string;
  scope: GrantScope;
  expiresAt: number;
}

function sameResource(requested: string | undefined, granted: string): boolean {
  return requested === undefined || requested.replace(/\/$/, '') === granted.replace(/\/$/, '');
}

/**
 * The token endpoint's grants: authorization code (PKCE S256, redirect URI and client checked,
 * one use) and refresh token (rotating: each is good once). A code or refresh token presented a
 * second time means it was stolen or replayed: the whole grant is revoked.
 */
export class TokenService {
  constructor(
    private readonly records: OAuthRecords,
    private readonly grants: GrantService,
    private readonly settings: OAuthSettings,
  ) {}

  async issueCode(grant: Grant, request: { redirectUri: string; codeChallenge: string }) {
    const code = randomSecret('mmb_code_');
    await this.records.put(
      'code',
      code,
      {
        grantId: grant.id,
        clientId: grant.clientId,
        redirectUri: request.redirectUri,
        codeChallenge: request.codeChallenge,
        resource: grant.resource,
        scope: grant.scope,
      },
      CODE_TTL_MS,
    );
    return code;
  }

  private async issue(grant: Grant, scope: GrantScope): Promise<TokenAnswer> {
    const access = randomSecret(ACCESS_TOKEN_PREFIX);
    const refresh = randomSecret(REFRESH_TOKEN_PREFIX);
    const ttl = this.settings.accessTokenTtlMs;
    const base = { grantId: grant.id, clientId: grant.clientId, resource: grant.resource, scope };
    await this.records.put('access_token', access, { ...base, expiresAt: Date.now() + ttl }, ttl);
    await this.records.put('refresh_token', refresh, base, this.settings.refreshTokenTtlMs);
    await this.grants.touch(grant);
    return {
      access_token: access,
      token_type: 'Bearer',
      expires_in: Math.floor(ttl / 1000),
      refresh_token: refresh,
      scope,
    };
  }

  /**
   * Takes a code or refresh token for its one use. A second use finds it gone and, when it was
   * used before, revokes the grant behind it (RFC 6749 §4.1.2, RFC 9700 §4.14: a replay means it leaked); a used
   * one is remembered for as long as it could have been used.
   */
  private async useOnce<K extends 'code' | 'refresh_token'>(
    kind: K,
    secret: string,
    refused: string,
  ) {
    const usedKind = kind === 'code' ? 'used_code' : 'used_refresh_token';
    const record = await this.records.take(kind, secret);
    if (!record) {
      const used = await this.records.get(usedKind, secret);
      const grant = used && (await this.grants.get(used.grantId));
      if (grant)
        await this.grants.revoke(grant, kind === 'code' ? 'code_reused' : 'refresh_token_reused');
      throw invalidGrant(refused);
    }
    const ttl = kind === 'code' ? CODE_TTL_MS * 10 : this.settings.refreshTokenTtlMs;
    await this.records.put(usedKind, secret, { grantId: record.grantId }, ttl);
    return record;
  }

  async exchangeCode(form: Record<string, string | undefined>, clientId: string) {
    const code = form['code'];
    const verifier = form['code_verifier'];
    if (!code) throw invalidRequest('code is required.');
    if (!verifier) throw invalidRequest('code_verifier is required (PKCE).');
    const record = await this.useOnce(
      'code',
      code,
      'The authorization code is invalid, expired or already used.',
    );
    const grant = await this.grants.get(record.grantId);
    // A refused exchange burns the code and the grant made for it (nothing else holds it yet).
    const refuse = async (description: string, code = 'invalid_grant') => {
      if (grant) await this.grants.revoke(grant, 'code_exchange_refused');
      return new OAuthProblem(code, description);
    };
    if (record.clientId !== clientId) throw await refuse('The code was issued to another client.');
    if (form['redirect_uri'] !== record.redirectUri)
      throw await refuse('redirect_uri does not match the authorization request.');
    if (
      !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) ||
      !sameSecret(s256(verifier), record.codeChallenge)
    )
      throw await refuse('The code_verifier does not match the code_challenge.');
    if (!sameResource(form['resource'], record.resource))
      throw await refuse(
        'The resource does not match the authorization request.',
        'invalid_target',
      );
    if (!grant) throw invalidGrant('The grant behind this code was revoked.');
    return this.issue(grant, record.scope);
  }

  async refresh(form: Record<string, string | undefined>, clientId: string) {
    const token = form['refresh_token'];
    if (!token) throw invalidRequest('refresh_token is required.');
    const record = await this.useOnce(
      'refresh_token',
      token,
      'The refresh token is invalid, expired or already used.',
    );
    if (record.clientId !== clientId)
      throw invalidGrant('The refresh token belongs to another client.');
    if (!sameResource(form['resource'], record.resource))
      throw new OAuthProblem('invalid_target', 'The resource does not match the grant.');
    const grant = await this.grants.get(record.grantId);
    if (!grant) throw invalidGrant('The grant was revoked; sign in again.');
    let scope = record.scope;
    const requested = form['scope']?.split(' ').filter(Boolean);
    if (requested?.length) {
      if (
        requested.some((s) => s !== 'read' && s !== 'write') ||
        (requested.includes('write') && scope === 'read')
      )
        throw new OAuthProblem('invalid_scope', 'A refresh may not widen the granted scope.');
      if (!requested.includes('write')) scope = 'read';
    }
    return this.issue(grant, scope);
  }

  /** The access token's facts, or undefined when it is unknown or expired. */
  async access(token: string): Promise<AccessTokenInfo | undefined> {
    if (!token.startsWith(ACCESS_TOKEN_PREFIX)) return undefined;
    const record = await this.records.get('access_token', token);
    return record && record.expiresAt > Date.now() ? record : undefined;
  }

  /**
   * RFC 7009: an access token ends alone; a refresh token ends its whole grant. Unknown tokens
   * and other clients' tokens are ignored (the answer is 200 either way).
   */
  async revoke(token: string, clientId: string): Promise<void> {
    const access = await this.records.get('access_token', token);
    if (access?.clientId === clientId) {
      await this.records.delete('access_token', token);
      return;
    }
    const refresh = await this.records.get('refresh_token', token);
    if (refresh?.clientId !== clientId) return;
    await this.records.delete('refresh_token', token);
    const grant = await this.grants.get(refresh.grantId);
    if (grant) await this.grants.revoke(grant, 'revoked_by_client');
  }
}
