// The whole OAuth sign-in, as an assistant meets it: the official MCP client with only the
// bridge's URL, a person in headless Chromium on the bridge's consent page and Mattermost's login
// and consent pages, on a simulator where personal access tokens are off.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UnauthorizedError } from '@modelcontextprotocol/client';
import type { Browser } from 'playwright-core';
import { chromiumMissing, startChromium } from '../helpers/chromium.js';
import {
  connectWithOAuth,
  MemoryOAuthProvider,
  signInWithBrowser,
  startOAuthStack,
  startRedirectCatcher,
  type OAuthStack,
  type RedirectCatcher,
} from '../helpers/oauth.js';
import { textOf } from '../helpers/stack.js';

const missing = chromiumMissing();
if (missing && !missing.fatal) console.warn(`Skipping the OAuth browser test: ${missing.message}`);
const describeBrowser = missing && !missing.fatal ? describe.skip : describe;

describeBrowser('signing in with Mattermost (OAuth) in a browser', () => {
  let stack: OAuthStack;
  let catcher: RedirectCatcher;
  let browser: Browser;
  let alice: { id: string; username: string };
  let bob: { id: string; username: string };

  beforeAll(async () => {
    if (missing) throw new Error(missing.message);
    stack = await startOAuthStack({ BRIDGE_OAUTH_GRANT_CHECK_MS: '0' });
    catcher = await startRedirectCatcher();
    browser = await startChromium();
    alice = await stack.createUser('alice');
    bob = await stack.createUser('bob');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await catcher?.close();
    await stack?.stop();
  });

  /** Runs the client's flow up to the redirect, the person's part in Chromium, and the code exchange. */
  async function signIn(
    provider: MemoryOAuthProvider,
    person: { username: string },
    options: { readOnly?: boolean } = {},
  ) {
    await expect(connectWithOAuth(stack.bridge.url, provider)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(provider.authorizationUrl).toBeDefined();
    const { params, consentText } = await signInWithBrowser(
      browser,
      provider.authorizationUrl!,
      catcher,
      person,
      options,
    );
    expect(params.get('error')).toBeNull();
    expect(params.get('iss')).toBe(stack.bridge.publicUrl);
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
    const transport = new StreamableHTTPClientTransport(new URL(`${stack.bridge.url}/mcp`), {
      authProvider: provider,
    });
    await transport.finishAuth(params);
    return { consentText };
  }

  it('an MCP client given only the bridge URL signs a person in and works as that person', async () => {
    // Personal access tokens are off: Mattermost refuses one even for its owner.
    const pat = await fetch(`${stack.sim.url}/api/v4/users/me`, {
      headers: { Authorization: 'Bearer not-a-token' },
    });
    expect(pat.status).toBe(401);

    const provider = new MemoryOAuthProvider(catcher.url, { client_name: 'Claude Test' });
    const { consentText } = await signIn(provider, alice);
    expect(consentText).toContain('Claude Test');
    expect(consentText).toContain('127.0.0.1');
    expect(consentText).toMatch(/read and write/);

    const client = await connectWithOAuth(stack.bridge.url, provider);
    try {
      const me = await client.callTool({ name: 'get_me', arguments: {} });
      expect(textOf(me)).toContain(alice.username);
      const sent = await client.callTool({
        name: 'send_message',
        arguments: { channel: `@${bob.username}`, message: 'hello through OAuth' },
      });
      expect(sent.isError).toBeFalsy();
      const posted = (sent.structuredContent as { post_id?: string; id?: string }) ?? {};
      const postId = posted.post_id ?? posted.id;
      expect(postId).toBeDefined();
      const post = await stack.admin.getPost(postId!);
      expect(post.user_id).toBe(alice.id);
    } finally {
      await client.close();
    }

    // The bridge's token is the bridge's own: Mattermost refuses it.
    const bridgeToken = provider.saved!.access_token;
    expect(bridgeToken.startsWith('mmb_at_')).toBe(true);
    const refused = await fetch(`${stack.sim.url}/api/v4/users/me`, {
      headers: { Authorization: `Bearer ${bridgeToken}` },
    });
    expect(refused.status).toBe(401);

    // The person's connected assistants list the grant, for the plugin's user tab.
    const rest = await stack.login(alice.username);
    const prefs = (await rest.getMyPreferences()) as unknown as {
      category: string;
      name: string;
      value: string;
    }[];
    const listed = prefs.filter((p) => p.category === 'mcp_bridge_assistants');
    expect(listed).toHaveLength(1);
    expect(JSON.parse(listed[0]!.value)).toEqual({
      client_name: 'Claude Test',
      redirect_host: new URL(catcher.url).host,
      scope: 'read write',
      created_at: expect.any(Number),
    });
  }, 90_000);

  it('a read-only grant makes the session read-only', async () => {
    const provider = new MemoryOAuthProvider(catcher.url, { client_name: 'Reader' });
    await signIn(provider, bob, { readOnly: true });
    expect(provider.saved?.scope).toBe('read');
    const client = await connectWithOAuth(stack.bridge.url, provider);
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toContain('get_me');
      expect(tools).not.toContain('send_message');
      // Not listed, and refused when called anyway.
      await expect(
        client.callTool({
          name: 'send_message',
          arguments: { channel: `@${alice.username}`, message: 'should not be sent' },
        }),
      ).rejects.toThrow(/send_message/);
    } finally {
      await client.close();
    }
  }, 90_000);
});
