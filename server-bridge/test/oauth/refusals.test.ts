// Every refusal of the bridge's authorization server, over real HTTP against the bridge and the
// simulator (the person's part done with fetch, as a browser would; sign-in.test.ts drives Chromium).
import { beforeAll, describe, expect, it } from '@jest/globals';
import { useOAuthStack } from '../helpers/oauth-fixture.js';
import {
  authorizeUrl,
  mcpWith,
  openConsent,
  pkce,
  postConsent,
  registerClient,
  signInWithFetch,
  tokenRequest,
} from '../helpers/oauth-flow.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

const stack = useOAuthStack({ BRIDGE_OAUTH_GRANT_CHECK_MS: '0', BRIDGE_TOKEN_CACHE_TTL_MS: '1' });
let person: { id: string; username: string };
let clientId: string;

beforeAll(async () => {
  person = await stack.createUser('oauth');
  clientId = await registerClient(stack.bridge.url, REDIRECT);
});

/** Signs `person` in and answers the code with what it was asked with. */
async function codeFor(extra: Record<string, string> = {}, options: { readOnly?: boolean } = {}) {
  const { verifier, challenge } = pkce();
  const params = await signInWithFetch(
    stack,
    authorizeUrl(stack.bridge.url, {
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      state: 'st-1',
      ...extra,
    }),
    person,
    options,
  );
  expect(params.get('state')).toBe('st-1');
  return { code: params.get('code') ?? '', verifier };
}

/** Redeems a code as the client would, with any field replaced. */
function exchange(code: string, verifier: string, override: Record<string, string> = {}) {
  return tokenRequest(stack.bridge.url, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
    client_id: clientId,
    ...override,
  });
}

async function tokensFor() {
  const { code, verifier } = await codeFor();
  const answer = await exchange(code, verifier);
  expect(answer.status).toBe(200);
  const tokens = answer.body as { access_token: string; refresh_token: string };
  return { access_token: tokens.access_token, refresh_token: tokens.refresh_token, code, verifier };
}

describe('discovery', () => {
  it('names the bridge as the authorization server and requires S256', async () => {
    const resource = await (
      await fetch(`${stack.bridge.url}/.well-known/oauth-protected-resource/mcp`)
    ).json();
    expect(resource).toMatchObject({
      resource: `${stack.bridge.publicUrl}/mcp`,
      authorization_servers: [stack.bridge.publicUrl],
    });
    const server = await (
      await fetch(`${stack.bridge.url}/.well-known/oauth-authorization-server`)
    ).json();
    expect(server).toMatchObject({
      issuer: stack.bridge.publicUrl,
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      registration_endpoint: `${stack.bridge.publicUrl}/oauth/register`,
      revocation_endpoint: `${stack.bridge.publicUrl}/oauth/revoke`,
      client_id_metadata_document_supported: true,
    });
  });
});

describe('dynamic client registration', () => {
  const register = (body: unknown) =>
    fetch(`${stack.bridge.url}/oauth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('registers public clients only', async () => {
    const confidential = await register({
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(confidential.status).toBe(400);
    expect(((await confidential.json()) as { error: string }).error).toBe(
      'invalid_client_metadata',
    );
    const ok = await register({ redirect_uris: [REDIRECT], client_name: 'Ok' });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ token_endpoint_auth_method: 'none' });
  });

  it.each([
    ['javascript:alert(1)'],
    ['http://example.com/callback'],
    ['https://example.com/callback#fragment'],
    ['not a url'],
  ])('refuses the redirect URI %s', async (uri) => {
    const response = await register({ redirect_uris: [uri] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_redirect_uri');
  });
});

describe('the authorization request', () => {
  it('shows an unknown client in the browser, never redirecting', async () => {
    const response = await fetch(
      authorizeUrl(stack.bridge.url, { client_id: 'mmb_client_unknown', redirect_uri: REDIRECT }),
      { redirect: 'manual' },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('never redirects to a URI the client did not register (no open redirect)', async () => {
    for (const redirect of [
      'https://attacker.example/steal',
      `${REDIRECT}/other`,
      `${REDIRECT}?x=1`,
    ]) {
      const response = await fetch(
        authorizeUrl(stack.bridge.url, {
          client_id: clientId,
          redirect_uri: redirect,
          code_challenge: pkce().challenge,
        }),
        { redirect: 'manual' },
      );
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
  });

  it.each([
    ['no PKCE', { code_challenge: undefined }, 'invalid_request'],
    ['plain PKCE', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['another resource', { resource: 'https://other.example/mcp' }, 'invalid_target'],
    ['an unknown scope', { scope: 'admin' }, 'invalid_scope'],
    ['another response type', { response_type: 'token' }, 'unsupported_response_type'],
  ])('refuses %s back to the client', async (_name, extra, error) => {
    const response = await fetch(
      authorizeUrl(stack.bridge.url, {
        client_id: clientId,
        redirect_uri: REDIRECT,
        code_challenge: pkce().challenge,
        state: 'st-2',
        ...extra,
      }),
      { redirect: 'manual' },
    );
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe('st-2');
  });
});

describe('the consent page', () => {
  const url = () =>
    authorizeUrl(stack.bridge.url, {
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_challenge: pkce().challenge,
      state: 'st-3',
    });

  it('is a plain form naming the client, its redirect host and its access', async () => {
    const consent = await openConsent(url());
    expect(consent.response.status).toBe(200);
    expect(consent.html).toContain('<form method="post"');
    expect(consent.html).toContain('Fetch Client');
    expect(consent.html).toContain('127.0.0.1:9');
    expect(consent.html).toContain('read and write');
    expect(consent.html).not.toContain('<script');
    expect(consent.html).toMatch(/name="decision" value="approve"/);
  });

  it('refuses a form without the right CSRF token or from another browser', async () => {
    const consent = await openConsent(url());
    const wrongToken = await postConsent(
      stack.bridge.url,
      { request: consent.request, csrf_token: 'x'.repeat(43), decision: 'approve' },
      consent.cookie,
    );
    expect(wrongToken.status).toBe(403);
    const other = await openConsent(url());
    const otherBrowser = await postConsent(
      stack.bridge.url,
      { request: consent.request, csrf_token: consent.csrf, decision: 'approve' },
      other.cookie,
    );
    expect(otherBrowser.status).toBe(403);
  });

  it('sends a denial back to the client', async () => {
    const consent = await openConsent(url());
    const denied = await postConsent(
      stack.bridge.url,
      { request: consent.request, csrf_token: consent.csrf, decision: 'deny' },
      consent.cookie,
    );
    const location = new URL(denied.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st-3');
  });
});

describe('the token endpoint', () => {
  it('refuses a reused code and revokes what the first use issued', async () => {
    const first = await tokensFor();
    expect((await mcpWith(stack.bridge.url, first.access_token)).status).toBe(200);
    const again = await exchange(first.code, first.verifier);
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const after = await mcpWith(stack.bridge.url, first.access_token);
    expect(after.status).toBe(401);
    expect(after.challenge).toContain('resource_metadata=');
  });

  it.each([
    ['a wrong verifier', { code_verifier: pkce().verifier }],
    ['a mismatched redirect URI', { redirect_uri: 'http://127.0.0.1:9/other' }],
    ['another client', { client_id: '' }],
  ])('answers invalid_grant for %s', async (_name, override: Record<string, string>) => {
    const { code, verifier } = await codeFor();
    const otherClient = await registerClient(stack.bridge.url, REDIRECT, 'Other');
    const answer = await exchange(code, verifier, {
      ...override,
      ...(override.client_id === '' ? { client_id: otherClient } : {}),
    });
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a client secret: clients are public', async () => {
    const answer = await tokenRequest(stack.bridge.url, {
      grant_type: 'refresh_token',
      refresh_token: 'x',
      client_id: clientId,
      client_secret: 'guess',
    });
    expect(answer).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('rotates refresh tokens: a used one is refused and ends the grant', async () => {
    const first = await tokensFor();
    const refreshed = await tokenRequest(stack.bridge.url, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: clientId,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    expect((await mcpWith(stack.bridge.url, refreshed.body.access_token!)).status).toBe(200);
    const replayed = await tokenRequest(stack.bridge.url, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: clientId,
    });
    expect(replayed).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // A replayed refresh token means it leaked: the whole grant ends.
    expect((await mcpWith(stack.bridge.url, refreshed.body.access_token!)).status).toBe(401);
  });

  it('revokes (RFC 7009): an access token alone, a refresh token with its grant', async () => {
    const tokens = await tokensFor();
    const revoke = (token: string) =>
      fetch(`${stack.bridge.url}/oauth/revoke`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, client_id: clientId }),
      });
    expect((await revoke(tokens.access_token)).status).toBe(200);
    expect((await mcpWith(stack.bridge.url, tokens.access_token)).status).toBe(401);
    expect((await revoke(tokens.refresh_token)).status).toBe(200);
    const refused = await tokenRequest(stack.bridge.url, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: clientId,
    });
    expect(refused.body.error).toBe('invalid_grant');
    expect((await revoke('never-issued')).status).toBe(200);
  });
});

describe('revoked from Mattermost', () => {
  it('the person deauthorizing the app ends the bridge tokens at the next call', async () => {
    const tokens = await tokensFor();
    expect((await mcpWith(stack.bridge.url, tokens.access_token)).status).toBe(200);
    const session = await stack.login(person.username);
    const done = await fetch(`${stack.sim.url}/oauth/deauthorize`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${session.getToken()}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ client_id: stack.app.id }),
    });
    expect(done.status).toBe(200);
    const after = await mcpWith(stack.bridge.url, tokens.access_token);
    expect(after.status).toBe(401);
    expect(after.challenge).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it('the person disconnecting the assistant (its preference deleted) ends its tokens', async () => {
    const tokens = await tokensFor();
    const rest = await stack.login(person.username);
    const prefs = (await rest.getMyPreferences()) as unknown as {
      category: string;
      name: string;
      value: string;
    }[];
    // The newest listed assistant is the one just connected.
    const grant = prefs
      .filter((p) => p.category === 'mcp_bridge_assistants')
      .sort((a, b) => JSON.parse(b.value).created_at - JSON.parse(a.value).created_at)[0];
    expect(grant).toBeDefined();
    await rest.deletePreferences(person.id, [
      { user_id: person.id, category: 'mcp_bridge_assistants', name: grant!.name, value: '' },
    ]);
    expect((await mcpWith(stack.bridge.url, tokens.access_token)).status).toBe(401);
  });
});
