import { createHash, randomBytes } from 'node:crypto';
import { postInitialize } from './mcp-http.js';

/** What a sign-in needs: the bridge, the Mattermost behind it, and a person's password login. */
export interface SignInTarget {
  bridge: { url: string };
  sim: { url: string };
  login(username: string): Promise<{ getToken(): string }>;
}

/** A PKCE pair (RFC 7636, S256). */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Registers a public client with the bridge (RFC 7591); answers its client id. */
export async function registerClient(
  bridgeUrl: string,
  redirectUri: string,
  name = 'Fetch Client',
): Promise<string> {
  const response = await fetch(`${bridgeUrl}/oauth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_name: name,
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
    }),
  });
  if (response.status !== 201) throw new Error(`registration failed: ${await response.text()}`);
  return ((await response.json()) as { client_id: string }).client_id;
}

export function authorizeUrl(
  bridgeUrl: string,
  params: Record<string, string | undefined>,
): string {
  const url = new URL(`${bridgeUrl}/oauth/authorize`);
  for (const [key, value] of Object.entries({
    response_type: 'code',
    code_challenge_method: 'S256',
    resource: `${bridgeUrl}/mcp`,
    ...params,
  }))
    if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

/** The browser's side of the bridge's consent page: the form's fields and the browser cookie. */
export async function openConsent(url: string, cookie?: string) {
  const response = await fetch(url, {
    redirect: 'manual',
    headers: cookie ? { Cookie: cookie } : {},
  });
  const html = await response.text();
  const setCookie = response.headers.get('set-cookie') ?? '';
  const field = (name: string) =>
    new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  return {
    response,
    html,
    cookie: /^(mcp_bridge_browser=[^;]+)/.exec(setCookie)?.[1] ?? cookie ?? '',
    request: field('request'),
    csrf: field('csrf_token'),
  };
}

export function postConsent(bridgeUrl: string, fields: Record<string, string>, cookie: string) {
  return fetch(`${bridgeUrl}/oauth/consent`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams(fields),
  });
}

/**
 * A whole sign-in without a browser: consent approved, Mattermost approved with the person's
 * password session (as its web app does), and the bridge's callback followed. Answers the
 * parameters the client's redirect URI receives.
 */
export async function signInWithFetch(
  stack: SignInTarget,
  url: string,
  person: { username: string },
  options: { readOnly?: boolean } = {},
): Promise<URLSearchParams> {
  const consent = await openConsent(url);
  if (consent.response.status !== 200) throw new Error(`consent page: ${consent.html}`);
  const approved = await postConsent(
    stack.bridge.url,
    {
      request: consent.request,
      csrf_token: consent.csrf,
      decision: 'approve',
      ...(options.readOnly ? { read_only: '1' } : {}),
    },
    consent.cookie,
  );
  const upstream = new URL(approved.headers.get('location') ?? '');
  const session = await stack.login(person.username);
  const answer = await fetch(`${stack.sim.url}/oauth/authorize`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.getToken()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(Object.fromEntries(upstream.searchParams)),
  });
  if (!answer.ok) throw new Error(`Mattermost refused the authorization: ${await answer.text()}`);
  const { redirect } = (await answer.json()) as { redirect: string };
  const back = await fetch(redirect, { redirect: 'manual', headers: { Cookie: consent.cookie } });
  return new URL(back.headers.get('location') ?? '').searchParams;
}

export async function tokenRequest(bridgeUrl: string, fields: Record<string, string>) {
  const response = await fetch(`${bridgeUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** An MCP initialize with a bearer token: the status and the challenge of a refusal. */
export async function mcpWith(bridgeUrl: string, token: string) {
  const response = await postInitialize(bridgeUrl, token, 'fetch');
  await response.arrayBuffer();
  return { status: response.status, challenge: response.headers.get('www-authenticate') };
}

/**
 * The whole sign-in of `person` for a registered client: authorization with PKCE, the person's
 * part in Mattermost, and the code redeemed at `tokenUrl` (another bridge of a cluster, say).
 * Throws unless the token endpoint answers 200.
 */
export async function signInForTokens(
  stack: SignInTarget,
  client: { clientId: string; redirectUri: string },
  person: { username: string },
  tokenUrl = stack.bridge.url,
): Promise<{ access_token: string; refresh_token: string }> {
  const { verifier, challenge } = pkce();
  const params = await signInWithFetch(
    stack,
    authorizeUrl(stack.bridge.url, {
      client_id: client.clientId,
      redirect_uri: client.redirectUri,
      code_challenge: challenge,
    }),
    person,
  );
  const answer = await tokenRequest(tokenUrl, {
    grant_type: 'authorization_code',
    code: params.get('code') ?? '',
    code_verifier: verifier,
    redirect_uri: client.redirectUri,
    client_id: client.clientId,
  });
  if (answer.status !== 200)
    throw new Error(`the code was refused: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as { access_token: string; refresh_token: string };
}
