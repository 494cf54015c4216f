import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Client,
  StreamableHTTPClientTransport,
  type OAuthClientProvider,
} from '@modelcontextprotocol/client';
import mattermostClient from '@mattermost/client';
import { ADMIN_PASSWORD, startSimulator, type Simulator } from '@mm-mcp/simulator';
import type { Browser } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { startBridge, type BridgeOptions, type RunningBridge } from '../../src/index.js';
import { TEST_ENV, uniqueName, type Client4 } from './stack.js';

const { Client4: Client4Class } = mattermostClient;
export const USER_PASSWORD = 'Password-1234!';

type OAuthClientMetadata = OAuthClientProvider['clientMetadata'];
type StoredTokens = Awaited<ReturnType<OAuthClientProvider['tokens']>>;
type StoredClient = Awaited<ReturnType<OAuthClientProvider['clientInformation']>>;

/**
 * The simulator as a default-like server where people sign in with passwords, personal access
 * tokens are off and the OAuth 2.0 service provider is on (as the admin turns it on), with the
 * bridge registered as one OAuth app, and the bridge configured with that app.
 */
export interface OAuthStack {
  sim: Simulator;
  bridge: RunningBridge;
  /** The admin's REST client over a password login (personal access tokens are off). */
  admin: Client4;
  app: { id: string; client_secret: string };
  /** A new user with a password (and no personal access token). */
  createUser(prefix: string): Promise<{ id: string; username: string }>;
  /** A REST client signed in as `username` with its password. */
  login(username: string, password?: string): Promise<Client4>;
  stop(): Promise<void>;
}

function restClient(url: string, token = ''): Client4 {
  const client = new Client4Class();
  client.setUrl(url);
  client.setToken(token);
  client.setIncludeCookies(false);
  return client;
}

async function passwordLogin(url: string, username: string, password: string): Promise<Client4> {
  const response = await fetch(`${url}/api/v4/users/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login_id: username, password }),
  });
  if (!response.ok) throw new Error(`login of ${username} failed: HTTP ${response.status}`);
  return restClient(url, response.headers.get('token') ?? '');
}

export async function startOAuthStack(
  env: Record<string, string> = {},
  options: BridgeOptions = {},
): Promise<OAuthStack> {
  const sim = await startSimulator({ seed: 'empty' });
  const admin = await passwordLogin(sim.url, 'sysadmin', ADMIN_PASSWORD);
  await admin.patchConfig({
    ServiceSettings: { EnableOAuthServiceProvider: true, EnableUserAccessTokens: false },
  } as never);
  const app = await admin.createOAuthApp({
    name: 'MCP bridge',
    description: 'Assistants acting as you',
    homepage: 'http://127.0.0.1/',
    callback_urls: ['http://127.0.0.1/placeholder'],
  });
  let bridge: RunningBridge;
  try {
    bridge = await startBridge(
      loadConfig({
        MATTERMOST_URL: sim.url,
        ...TEST_ENV,
        MATTERMOST_OAUTH_CLIENT_ID: app.id,
        MATTERMOST_OAUTH_CLIENT_SECRET: app.client_secret ?? '',
        BRIDGE_OAUTH_KEY: 'k'.repeat(40),
        ...env,
      }),
      options,
    );
  } catch (err) {
    await sim.stop();
    throw err;
  }
  // The callback is known once the bridge listens; the admin updates the app as they would.
  await admin.editOAuthApp({ ...app, callback_urls: [`${bridge.publicUrl}/oauth/callback`] });
  return {
    sim,
    bridge,
    admin,
    app: { id: app.id, client_secret: app.client_secret ?? '' },
    async createUser(prefix) {
      const username = uniqueName(prefix);
      const user = await admin.createUser(
        { username, email: `${username}@example.com`, password: USER_PASSWORD } as never,
        '',
        '',
      );
      return { id: user.id, username: user.username };
    },
    login: (username, password = USER_PASSWORD) => passwordLogin(sim.url, username, password),
    async stop() {
      await bridge.stop(2000);
      await sim.stop();
    },
  };
}

/** A local page standing in for the assistant's redirect URI: it records what arrives. */
export interface RedirectCatcher {
  url: string;
  next(): Promise<URLSearchParams>;
  close(): Promise<void>;
}

export async function startRedirectCatcher(): Promise<RedirectCatcher> {
  const waiting: ((params: URLSearchParams) => void)[] = [];
  const arrived: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // The browser also asks for a favicon: only the callback counts.
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const params = url.searchParams;
    const waiter = waiting.shift();
    if (waiter) waiter(params);
    else arrived.push(params);
    res
      .writeHead(200, { 'Content-Type': 'text/html' })
      .end('<p id="done">You can close this page.</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    next: () => {
      const ready = arrived.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An MCP client's OAuth state kept in memory, as the official client's provider interface asks. */
export class MemoryOAuthProvider implements OAuthClientProvider {
  client?: StoredClient;
  saved?: StoredTokens;
  verifier = '';
  authorizationUrl?: URL;
  discovery?: Awaited<ReturnType<NonNullable<OAuthClientProvider['discoveryState']>>>;

  constructor(
    readonly redirectUrl: string,
    private readonly metadata: Partial<OAuthClientMetadata> = {},
    readonly clientMetadataUrl?: string,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Test Assistant',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...this.metadata,
    } as OAuthClientMetadata;
  }

  clientInformation() {
    return this.client;
  }
  saveClientInformation(info: NonNullable<StoredClient>) {
    this.client = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: NonNullable<StoredTokens>) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  saveDiscoveryState(state: NonNullable<MemoryOAuthProvider['discovery']>) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
}

/** Connects the official MCP client with OAuth; resolves once connected (the flow done before). */
export async function connectWithOAuth(bridgeUrl: string, provider: MemoryOAuthProvider) {
  const client = new Client({ name: 'oauth-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${bridgeUrl}/mcp`), {
    authProvider: provider,
  });
  await client.connect(transport);
  return client;
}

/**
 * Runs the whole sign-in of a person in headless Chromium: the bridge's consent page (approve),
 * Mattermost's login page, Mattermost's own consent (Allow, for an app it does not trust yet), and
 * back to the client's redirect URI, whose parameters are returned.
 */
export async function signInWithBrowser(
  browser: Browser,
  authorizationUrl: URL,
  catcher: RedirectCatcher,
  person: { username: string; password?: string },
  options: { readOnly?: boolean; decision?: 'approve' | 'deny' } = {},
): Promise<{ params: URLSearchParams; consentText: string }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const arrived = catcher.next();
    await page.goto(authorizationUrl.toString());
    const consentText = await page.locator('body').innerText();
    if (options.readOnly) await page.check('input[name="read_only"]');
    await page.click(`button[name="decision"][value="${options.decision ?? 'approve'}"]`);
    if ((options.decision ?? 'approve') === 'approve') {
      await page.waitForURL(/\/login\?/, { timeout: 20_000 });
      await page.fill('#login_id', person.username);
      await page.fill('#password', person.password ?? USER_PASSWORD);
      await page.click('#loginButton');
      await page.waitForSelector('#allow', { timeout: 20_000 });
      await page.click('#allow');
    }
    return { params: await arrived, consentText };
  } finally {
    await context.close();
  }
}
