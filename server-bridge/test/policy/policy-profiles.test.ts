// Policy profiles through the official MCP client against the simulator: a profile attached to a
// user, to a personal access token and to an OAuth client narrows that session alone, tools/list
// shows only what its profiles allow, and the audit trail names the profile that refused a call.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningBridge } from '../../src/index.js';
import { tokenHash } from '../../src/policy/policy-profiles.js';
import { startOAuthStack, type OAuthStack } from '../helpers/oauth.js';
import { signInForTokens } from '../helpers/oauth-flow.js';
import { callTool, textOf, uniqueName } from '../helpers/stack.js';
import { connectWith } from './client.js';
import { captureLogs } from './logs.js';
import { policyBridge, policyWorld, type PolicyWorld } from './setup.js';

const refusals = (lines: Record<string, unknown>[]) =>
  lines.filter((line) => line.audit === true && line.outcome === 'refused');

describe('policy profiles of users and tokens', () => {
  let world: PolicyWorld;
  let bridge: RunningBridge;
  const logs = captureLogs();

  beforeAll(async () => {
    world = await policyWorld();
    bridge = await policyBridge(
      world,
      {
        LOG_LEVEL: 'info',
        BRIDGE_POLICY_PROFILES: JSON.stringify([
          { name: 'readers', read_only: true, applies_to: { users: [`@${world.alice.username}`] } },
          {
            name: 'no-secrets',
            channel_deny: [`${world.team.name}/${world.secret.name}`],
            applies_to: { tokens: [tokenHash(world.bob.token)] },
          },
        ]),
      },
      { logger: logs.logger },
    );
  }, 60_000);

  afterAll(async () => {
    await bridge?.stop(1000);
    await world?.stack.stop();
  });

  it('keeps a user with a read-only profile from sending while another user sends', async () => {
    const alice = (await connectWith(bridge.url, world.alice.token)).client;
    const bob = (await connectWith(bridge.url, world.bob.token)).client;
    const aliceTools = (await alice.listTools()).tools;
    const bobTools = (await bob.listTools()).tools.map((t) => t.name);
    expect(aliceTools.length).toBeGreaterThan(5);
    expect(aliceTools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    expect(aliceTools.map((t) => t.name)).not.toContain('send_message');
    expect(bobTools).toContain('send_message');

    // Called by name anyway, the tool is not there for alice's session.
    const refused = await alice
      .callTool({ name: 'send_message', arguments: { channel: world.open.id, message: 'alice' } })
      .then((r) => (r.isError ? textOf(r) : 'sent'))
      .catch((err: Error) => err.message);
    expect(refused).toMatch(/not found|disabled/);
    const sent = await callTool(bob, 'send_message', { channel: world.open.id, message: 'bob' });
    expect(sent.isError).toBeFalsy();

    const messages = Object.values(
      (await world.stack.rest(world.bob).getPosts(world.open.id)).posts,
    ).map((p) => p.message);
    expect(messages).toContain('bob');
    expect(messages).not.toContain('alice');
    expect(refusals(logs.lines)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          tool: 'send_message',
          user_id: world.alice.id,
          reason: 'read_only',
          profiles: ['readers'],
        }),
      ]),
    );
    await alice.close();
    await bob.close();
  });

  it('applies to the owner of MATTERMOST_TOKEN under --stdio, by the token’s hash', async () => {
    const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');
    if (!existsSync(cli)) throw new Error('server-bridge/dist is missing: npm run build first');
    const client = new Client({ name: 'stdio-profile-test', version: '1' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [cli, '--stdio'],
        env: {
          ...getDefaultEnvironment(),
          LOG_LEVEL: 'warn',
          MATTERMOST_URL: world.stack.sim.url,
          MATTERMOST_TOKEN: world.bob.token,
          BRIDGE_WEBSOCKET: 'false',
          BRIDGE_POLICY_PROFILES: JSON.stringify([
            {
              name: 'stdio-readers',
              read_only: true,
              applies_to: { tokens: [tokenHash(world.bob.token)] },
            },
          ]),
        },
        stderr: 'pipe',
      }),
    );
    try {
      const tools = (await client.listTools()).tools;
      expect(tools.map((t) => t.name)).toContain('read_channel');
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('keeps the token a profile names out of a channel, and names the profile', async () => {
    const bob = (await connectWith(bridge.url, world.bob.token)).client;
    const refused = await callTool(bob, 'read_channel', { channel: world.secret.id });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/profile no-secrets/);
    const open = await callTool(bob, 'read_channel', { channel: world.open.id });
    expect(open.isError).toBeFalsy();
    // The same person's other token has no profile: the channel is there.
    const admin = world.stack.rest(world.stack.sim.admin);
    const other = await admin.createUserAccessToken(world.bob.id, 'other');
    const again = (await connectWith(bridge.url, other.token!)).client;
    expect(
      (await callTool(again, 'read_channel', { channel: world.secret.id })).isError,
    ).toBeFalsy();

    const line = refusals(logs.lines).find((l) => l.tool === 'read_channel');
    expect(line).toMatchObject({
      user_id: world.bob.id,
      reason: 'channel_read',
      profiles: ['no-secrets'],
      channel_ids: [world.secret.id],
    });
    // The audit trail names the profile, never the token it applies to.
    expect(JSON.stringify(logs.lines)).not.toContain(world.bob.token);
    await bob.close();
    await again.close();
  });
});

describe('policy profiles of OAuth clients', () => {
  const REDIRECT = 'http://127.0.0.1:9/callback';
  let documents: Server;
  let restricted: string;
  let stack: OAuthStack;
  let person: { id: string; username: string };
  let secret: string;
  const logs = captureLogs();

  beforeAll(async () => {
    // A client named by its metadata document (its client_id is the document's URL), known before
    // the bridge starts, as an admin writes it into a profile.
    documents = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          client_id: restricted,
          client_name: 'Kept out',
          redirect_uris: [REDIRECT],
        }),
      );
    });
    await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
    restricted = `http://127.0.0.1:${(documents.address() as AddressInfo).port}/client.json`;
    const deny = uniqueName('vault');
    stack = await startOAuthStack(
      {
        // Documents on 127.0.0.1 over http are allowed here only because the test serves them.
        BRIDGE_OAUTH_ALLOW_INSECURE_METADATA_URLS: 'true',
        LOG_LEVEL: 'info',
        BRIDGE_POLICY_PROFILES: JSON.stringify([
          { name: 'no-vault', channel_deny: [deny], applies_to: { oauth_clients: [restricted] } },
        ]),
      },
      { logger: logs.logger },
    );
    person = await stack.createUser('oauthprofile');
    const team = await stack.admin.createTeam({
      name: uniqueName('team'),
      display_name: 'Team',
      type: 'O',
    } as never);
    await stack.admin.addToTeam(team.id, person.id);
    const channel = await stack.admin.createChannel({
      team_id: team.id,
      name: deny,
      display_name: 'Vault',
      type: 'O',
    } as never);
    await stack.admin.addToChannel(person.id, channel.id);
    secret = channel.id;
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    documents?.closeAllConnections();
    await new Promise<void>((resolve) => documents?.close(() => resolve()));
  });

  async function connect(accessToken: string): Promise<Client> {
    const client = new Client({ name: 'oauth-profile-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${stack.bridge.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${accessToken}` } },
      }),
    );
    return client;
  }

  it('keeps the client a profile names out of a channel its person may read', async () => {
    const kept = await connect(
      (await signInForTokens(stack, { clientId: restricted, redirectUri: REDIRECT }, person))
        .access_token,
    );
    const refused = await callTool(kept, 'read_channel', { channel: secret });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/profile no-vault/);

    // The same person through another client has no profile.
    const response = await fetch(`${stack.bridge.url}/oauth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Free',
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'none',
      }),
    });
    const other = ((await response.json()) as { client_id: string }).client_id;
    const free = await connect(
      (await signInForTokens(stack, { clientId: other, redirectUri: REDIRECT }, person))
        .access_token,
    );
    expect((await callTool(free, 'read_channel', { channel: secret })).isError).toBeFalsy();

    expect(refusals(logs.lines)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          tool: 'read_channel',
          user_id: person.id,
          reason: 'channel_read',
          profiles: ['no-vault'],
        }),
      ]),
    );
    await kept.close();
    await free.close();
  });
});
