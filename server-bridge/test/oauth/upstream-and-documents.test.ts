// The parts of OAuth that live outside the bridge: Mattermost's own tokens running out or taken
// away (refreshed mid-session; the app removed by an admin), and client metadata documents that
// MCP clients name as their client id (fetched only where and as far as it is safe).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DOCUMENT_MAX_BYTES,
  DOCUMENT_TIMEOUT_MS,
  documentUrlProblem,
  fetchMetadataDocument,
} from '../../src/oauth/metadata-document.js';
import { startOAuthStack, type OAuthStack } from '../helpers/oauth.js';
import { useOAuthStack } from '../helpers/oauth-fixture.js';
import {
  authorizeUrl,
  mcpWith,
  pkce,
  registerClient,
  signInForTokens,
} from '../helpers/oauth-flow.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

/** A local web server standing in for a client's metadata documents, by path. */
async function startDocumentServer(
  documents: (base: string) => Record<string, { status?: number; body: string }>,
) {
  let base = '';
  const server: Server = createServer((req, res) => {
    const found = documents(base)[req.url ?? ''];
    if (!found) return void res.writeHead(404).end();
    res.writeHead(found.status ?? 200, { 'Content-Type': 'application/json' }).end(found.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('Mattermost’s side of a grant', () => {
  const stack = useOAuthStack({
    BRIDGE_OAUTH_GRANT_CHECK_MS: '0',
    BRIDGE_TOKEN_CACHE_TTL_MS: '1',
  });
  let person: { id: string; username: string };
  let clientId: string;

  beforeAll(async () => {
    person = await stack.createUser('lifecycle');
    clientId = await registerClient(stack.bridge.url, REDIRECT);
  });

  const signIn = async () =>
    (await signInForTokens(stack, { clientId, redirectUri: REDIRECT }, person)).access_token;

  /** The Mattermost grants (refresh token and session) the simulator holds for the person. */
  const upstreamGrants = () =>
    [...stack.sim.context.store.oauthGrants.values()].filter(
      (grant) => grant.user_id === person.id && grant.client_id === stack.app.id,
    );

  it('refreshes Mattermost’s token when Mattermost stops taking it, and the person carries on', async () => {
    const token = await signIn();
    expect((await mcpWith(stack.bridge.url, token)).status).toBe(200);
    const before = upstreamGrants();
    expect(before).toHaveLength(1);
    const first = before[0]!;
    // An hour on: Mattermost's session behind the grant has expired.
    const session = stack.sim.context.store.sessions.get(first.token)!;
    session.expires_at = Date.now() - 1;

    expect((await mcpWith(stack.bridge.url, token)).status).toBe(200);
    const after = upstreamGrants();
    expect(after).toHaveLength(1);
    expect(after[0]!.token).not.toBe(first.token);
    expect(after[0]!.refresh_token).not.toBe(first.refresh_token);
    // The MCP client's token never changed, and it never was a Mattermost token.
    const direct = await fetch(`${stack.sim.url}/api/v4/users/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(direct.status).toBe(401);
  });

  it('ends the bridge’s tokens when an admin removes the Mattermost app', async () => {
    const token = await signIn();
    expect((await mcpWith(stack.bridge.url, token)).status).toBe(200);
    await stack.admin.deleteOAuthApp(stack.app.id);
    const after = await mcpWith(stack.bridge.url, token);
    expect(after.status).toBe(401);
    expect(after.challenge).toMatch(/^Bearer .*error="invalid_token"/);
  });
});

describe('client metadata documents', () => {
  it('must be https URLs with a path, on a public address', () => {
    expect(documentUrlProblem('http://client.example/mcp.json', false)).toMatch(/https/);
    expect(documentUrlProblem('https://client.example/', false)).toMatch(/path/);
    expect(documentUrlProblem('https://client.example/a/../b.json', false)).toMatch(/dot/);
    expect(documentUrlProblem('https://client.example/a/%2E%2e/b.json', false)).toMatch(/dot/);
    expect(documentUrlProblem('https://client.example/c.json#x', false)).toMatch(/fragment/);
    expect(documentUrlProblem('https://u:p@client.example/c.json', false)).toMatch(/credentials/);
    for (const host of [
      '127.0.0.1',
      '10.1.2.3',
      '169.254.169.254',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '[::ffff:a00:1]',
    ])
      expect(documentUrlProblem(`https://${host}/c.json`, false)).toMatch(/private or loopback/);
    expect(documentUrlProblem('https://client.example/c.json', false)).toBeUndefined();
  });

  it('are never fetched from a name that resolves to a private or loopback address', async () => {
    await expect(fetchMetadataDocument('https://localhost:9/c.json', false)).rejects.toThrow(
      /private or loopback/,
    );
  });

  it('are refused when too large, not JSON, redirected or missing', async () => {
    const docs = await startDocumentServer(() => ({
      '/big.json': { body: JSON.stringify({ pad: 'x'.repeat(DOCUMENT_MAX_BYTES) }) },
      '/text.json': { body: 'not json' },
      '/moved.json': { status: 302, body: '{}' },
    }));
    try {
      const fetchDoc = (path: string) => fetchMetadataDocument(`${docs.base}${path}`, true);
      await expect(fetchDoc('/big.json')).rejects.toThrow(/larger than/);
      await expect(fetchDoc('/text.json')).rejects.toThrow(/JSON/i);
      await expect(fetchDoc('/moved.json')).rejects.toThrow(/302/);
      await expect(fetchDoc('/missing.json')).rejects.toThrow(/404/);
    } finally {
      await docs.close();
    }
  });

  it('are given up when they do not arrive within the time limit', async () => {
    // A server that starts an answer and never finishes it.
    const open: import('node:http').ServerResponse[] = [];
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"client_id":');
      open.push(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const started = Date.now();
      await expect(
        fetchMetadataDocument(`http://127.0.0.1:${port}/slow.json`, true),
      ).rejects.toThrow(/in time/);
      expect(Date.now() - started).toBeLessThan(DOCUMENT_TIMEOUT_MS + 2000);
    } finally {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  describe('at the authorization endpoint', () => {
    let stack: OAuthStack;
    let docs: Awaited<ReturnType<typeof startDocumentServer>>;

    beforeAll(async () => {
      docs = await startDocumentServer((base) => ({
        '/good.json': {
          body: JSON.stringify({
            client_id: `${base}/good.json`,
            client_name: 'Document Client',
            redirect_uris: [REDIRECT],
          }),
        },
        '/other-id.json': {
          body: JSON.stringify({ client_id: `${base}/good.json`, redirect_uris: [REDIRECT] }),
        },
        '/secret.json': {
          body: JSON.stringify({
            client_id: `${base}/secret.json`,
            client_secret: 's',
            redirect_uris: [REDIRECT],
          }),
        },
      }));
      // Documents on 127.0.0.1 over http are allowed here only because the test serves them.
      stack = await startOAuthStack({ BRIDGE_OAUTH_ALLOW_INSECURE_METADATA_URLS: 'true' });
    }, 60_000);

    afterAll(async () => {
      await stack?.stop();
      await docs?.close();
    });

    const authorize = (client: string) =>
      fetch(
        authorizeUrl(stack.bridge.url, {
          client_id: client,
          redirect_uri: REDIRECT,
          code_challenge: pkce().challenge,
        }),
        { redirect: 'manual' },
      );

    it('shows the consent page naming the client its document describes', async () => {
      const response = await authorize(`${docs.base}/good.json`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('Document Client');
    });

    it.each([
      ['names another client id', '/other-id.json', /another client_id/],
      ['holds a secret', '/secret.json', /secret/],
      ['cannot be fetched', '/missing.json', /404/],
    ])('refuses a document that %s, in the browser, never redirecting', async (_n, path, why) => {
      const response = await authorize(`${docs.base}${path}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toMatch(why);
    });
  });
});
