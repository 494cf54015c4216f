import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { catalogueTools } from '../../src/bridge.js';
import { useStack } from '../helpers/fixtures.js';
import { callTool } from '../helpers/stack.js';
import { quietPeriod } from '../helpers/wait.js';

/**
 * Server-side request forgery: the bridge must not fetch an address a user (or the model) hands it.
 * It makes outbound requests in the places listed below: to MATTERMOST_URL (Client4's transport, the
 * health ping, the user's WebSocket, the OAuth token exchange), and, for OAuth sign-in, to the
 * https address an MCP client gives as its client id (its metadata document, fetched with
 * public-only DNS answers, a size and a time limit). This test keeps that list honest (a new
 * place that opens connections fails it until it is reviewed and guarded), lists the tools that
 * take a URL at all, and shows that such a URL is handed to Mattermost as data, never fetched.
 */

jest.setTimeout(30_000);

const srcRoot = join(dirname(fileURLToPath(import.meta.url)), '../../src');

/** What opens a connection in Node: fetch, http(s) requests, sockets, WebSockets. */
const OUTBOUND =
  /from 'node:https'|\bfetch\(|\bhttps?\.(request|get)\(|\bnet\.connect\(|\bcreateConnection\(|new WebSocket\(|new WebSocketClient\(|\.initialize\(`/;

/** Every place the bridge opens a connection, and where it goes. */
const REVIEWED: Record<string, string> = {
  'gateway/mattermost-client.ts': 'Client4 transport: URLs Client4 builds on MATTERMOST_URL',
  'gateway/gateway.ts': 'health ping: MATTERMOST_URL/api/v4/system/ping',
  'events/user-socket.ts': "the user's Mattermost WebSocket: MATTERMOST_URL/api/v4/websocket",
  'gateway/mattermost-oauth.ts':
    'OAuth code and refresh exchange: MATTERMOST_URL/oauth/access_token',
  'oauth/metadata-document.ts':
    "an MCP client's metadata document at the https URL it uses as client_id: public addresses " +
    'only (checked on the resolved IPs), a size and a time limit, no redirects',
};

/** Tool arguments whose names speak of URLs or links, and what happens to each. */
const URL_ARGUMENTS: Record<string, string> = {
  'rename_channel.url_name':
    "the channel's name in its URL, a slug of lowercase letters, digits, - and _ (the schema " +
    'refuses anything else); never an address',
  'add_channel_bookmark.link_url':
    'stored by Mattermost as the bookmark link; the bridge never opens it',
  'update_channel_bookmark.link_url':
    'stored by Mattermost as the new link of the bookmark; the bridge never opens it',
  'create_outgoing_webhook.callback_url':
    'registered with Mattermost, which calls it under its own AllowedUntrustedInternalConnections ' +
    '(an admin tool); the bridge never opens it',
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('outbound requests', () => {
  it('are made only where reviewed, all towards MATTERMOST_URL', () => {
    const found = sources(srcRoot)
      .filter((file) => OUTBOUND.test(readFileSync(file, 'utf8')))
      .map((file) => relative(srcRoot, file))
      .sort();
    expect(found).toEqual(Object.keys(REVIEWED).sort());
  });

  it('take a URL from arguments only in the listed tools', () => {
    const taking: string[] = [];
    for (const tool of catalogueTools()) {
      const shape = (tool.input as unknown as { shape: Record<string, unknown> }).shape;
      for (const key of Object.keys(shape)) {
        const described = JSON.stringify(
          (shape[key] as { _zod?: { def?: unknown } })._zod?.def ?? {},
        );
        if (/url|link|href|uri|callback/i.test(key) || /"format":"url"/.test(described))
          taking.push(`${tool.name}.${key}`);
      }
    }
    expect(taking.sort()).toEqual(Object.keys(URL_ARGUMENTS).sort());
  });

  describe('with a URL pointing at a loopback listener', () => {
    const { stack, ws } = useStack();
    let canary: Server;
    const hits: string[] = [];
    let canaryUrl: string;

    beforeAll(async () => {
      canary = createServer((req, res) => {
        hits.push(`${req.method} ${req.url} ${req.headers['user-agent'] ?? ''}`);
        res.end('canary');
      });
      await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
      canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}/internal`;
    });

    afterAll(async () => {
      await new Promise((resolve) => canary?.close(resolve));
    });

    it('stores the URL as data and never requests it', async () => {
      const client = await stack.connect(ws.alice);
      const result = await callTool(client, 'add_channel_bookmark', {
        channel: ws.channel.id,
        display_name: 'Internal',
        link_url: canaryUrl,
      });
      expect(result.isError).toBeFalsy();
      const changed = await callTool(client, 'update_channel_bookmark', {
        channel: ws.channel.id,
        bookmark_id: (result.structuredContent?.bookmark as { id: string }).id,
        link_url: `${canaryUrl}/moved`,
      });
      expect(changed.isError).toBeFalsy();
      const listed = await callTool(client, 'list_channel_bookmarks', { channel: ws.channel.id });
      expect(JSON.stringify(listed)).toContain(`${canaryUrl}/moved`);
      // Messages with links are text too: Mattermost may unfurl them, the bridge does not.
      await callTool(client, 'send_message', {
        channel: ws.channel.id,
        message: `see ${canaryUrl}`,
      });
      await callTool(client, 'read_channel', { channel: ws.channel.id });
      // Proves an absence: nothing fetches the canary URL after the calls answered. A fetch in
      // the background would leave no trace to wait on before it happens.
      await quietPeriod(200);
      expect(hits).toEqual([]);
    });
  });
});
