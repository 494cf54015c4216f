import { describe, expect, it } from '@jest/globals';
import { catalogueTools, startBridge } from '../../src/bridge.js';
import { loadConfig } from '../../src/config.js';
import { PROFILES } from '../../src/mcp/toolsets.js';
import { ToolCatalogue } from '../../src/mcp/tool-filter.js';
import { useStack } from '../helpers/fixtures.js';
import { callTool, textOf } from '../helpers/stack.js';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { connectWith } from './client.js';
import { ConfigError } from '../../src/errors.js';
import { TOKEN_ENCODING, tokensOf } from '../helpers/tokens.js';

describe('profiles and toolsets', () => {
  const { stack, ws } = useStack({
    // The default selection (BRIDGE_TOOLSETS unset is `core`), not the helper's `all`.
    env: { BRIDGE_TOOLSETS: 'core', BRIDGE_TOOL_LISTING: 'compact' },
  });

  it('has a default of core, and every profile names real tools', () => {
    expect(loadConfig({ MATTERMOST_URL: 'http://mm.test' }).BRIDGE_TOOLSETS).toEqual(['core']);
    const catalogue = new ToolCatalogue(catalogueTools());
    for (const profile of Object.keys(PROFILES))
      expect(catalogue.profileTools(profile).length).toBeGreaterThan(0);
  });

  it('lists the core profile within 2,500 tokens', async () => {
    const { client } = await connectWith(stack.bridge.url, ws.alice.token);
    const listed = await client.listTools();
    expect(listed.tools.map((t) => t.name).sort()).toEqual([...PROFILES.core!].sort());
    const tokens = tokensOf(listed);
    // Printed so a change that grows the profile shows its cost in the test output.
    console.info(
      `core profile: ${listed.tools.length} tools, ${tokens} tokens (${TOKEN_ENCODING})\n` +
        listed.tools.map((t) => `  ${t.name}: ${tokensOf(t)}`).join('\n'),
    );
    expect(tokens).toBeLessThanOrEqual(2500);
    // The compact listing drops only what a client would assume anyway.
    const byName = new Map(listed.tools.map((t) => [t.name, t]));
    expect(byName.get('read_channel')?.annotations).toEqual({
      readOnlyHint: true,
      openWorldHint: false,
    });
    expect(byName.get('send_message')?.annotations).toEqual({ destructiveHint: false });
    expect(byName.get('read_channel')?.inputSchema).not.toHaveProperty('$schema');
    expect(byName.get('read_channel')?.outputSchema).toBeUndefined();
    await client.close();
  });

  it('lists every tool a regular user may use within 16,000 tokens', async () => {
    const { client } = await connectWith(stack.bridge.url, ws.alice.token, {
      query: 'toolsets=all',
    });
    const listed = await client.listTools();
    const tokens = tokensOf(listed);
    console.info(
      `all profile, a regular user: ${listed.tools.length} tools, ${tokens} tokens (${TOKEN_ENCODING})`,
    );
    expect(listed.tools.map((t) => t.name)).toContain('list_groups');
    expect(tokens).toBeLessThanOrEqual(16_000);
    await client.close();
  });

  it('lets a connection choose its toolsets with ?toolsets=, and refuses unknown names', async () => {
    const { client } = await connectWith(stack.bridge.url, ws.alice.token, {
      query: 'toolsets=reactions,users',
    });
    const names = (await client.listTools()).tools.map((t) => t.name);
    const expected = catalogueTools()
      .filter((t) => ['reactions', 'users', 'session'].includes(t.toolset))
      .map((t) => t.name);
    expect(names.sort()).toEqual(expected.sort());
    expect(names).not.toContain('send_message');
    // A tool that exists but was not chosen cannot be called by name either.
    const direct = await client
      .callTool({ name: 'send_message', arguments: { channel: ws.channel.id, message: 'x' } })
      .catch((err: Error) => ({ isError: true, content: [{ type: 'text', text: err.message }] }));
    expect(direct.isError).toBe(true);
    await client.close();

    await expect(
      connectWith(stack.bridge.url, ws.alice.token, { query: 'toolsets=posts,nope' }),
    ).rejects.toThrow(/unknown name\(s\) nope/);
  });

  it('applies ?toolsets= to requests of the 2026-07-28 era as well', async () => {
    const modern = new Client(
      { name: 'modern-test', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await modern.connect(
      new StreamableHTTPClientTransport(new URL(`${stack.bridge.url}/mcp?toolsets=reactions`), {
        requestInit: { headers: { Authorization: `Bearer ${ws.alice.token}` } },
      }),
    );
    const names = (await modern.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(
      catalogueTools()
        .filter((t) => ['reactions', 'session'].includes(t.toolset))
        .map((t) => t.name)
        .sort(),
    );
    await modern.close();
  });

  it('adds a toolset with enable_toolset, tells the client, and then lists its tools', async () => {
    const { client } = await connectWith(stack.bridge.url, ws.alice.token);
    let changed = 0;
    client.setNotificationHandler('notifications/tools/list_changed', () => {
      changed += 1;
    });
    const before = (await client.listTools()).tools.map((t) => t.name);
    const usersTools = catalogueTools()
      .filter((t) => t.toolset === 'users')
      .map((t) => t.name);
    const missing = usersTools.filter((name) => !before.includes(name));
    expect(missing.length).toBeGreaterThan(0);

    const result = await callTool(client, 'enable_toolset', { toolset: 'users' });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('Enabled users');
    expect(changed).toBe(1);
    const after = (await client.listTools()).tools.map((t) => t.name);
    expect(after).toEqual(expect.arrayContaining(usersTools));

    const again = await callTool(client, 'enable_toolset', { toolset: 'users' });
    expect(textOf(again)).toContain('already enabled');
    // Bad input is a schema error naming the field.
    const bad = await callTool(client, 'enable_toolset', { toolset: 'everything' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/toolset/);
    await client.close();
  });

  it('keeps admin tools from users who are not system admins, even through enable_toolset', async () => {
    const adminTools = catalogueTools().filter((t) => t.toolset === 'admin');
    const { client } = await connectWith(stack.bridge.url, ws.alice.token, {
      query: 'toolsets=all',
    });
    const names = (await client.listTools()).tools.map((t) => t.name);
    for (const tool of adminTools) expect(names).not.toContain(tool.name);
    if (adminTools.length) {
      const refused = await callTool(client, 'enable_toolset', { toolset: 'admin' });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain('not available');
      // Asked for by name at connection, it is refused in words, not a session without it.
      await expect(
        connectWith(stack.bridge.url, ws.alice.token, { query: 'toolsets=core,admin' }),
      ).rejects.toThrow(/admin holds tools for system admins only/);
      const admin = await connectWith(stack.bridge.url, stack.sim.admin.token, {
        query: 'toolsets=admin',
      });
      const adminNames = (await admin.client.listTools()).tools.map((t) => t.name);
      expect(adminNames).toEqual(expect.arrayContaining(adminTools.map((t) => t.name)));
      await admin.client.close();
    }
    await client.close();
  });
});

describe('toolset configuration at start', () => {
  it('refuses unknown toolset and profile names with a clear message', async () => {
    const base = { MATTERMOST_URL: 'http://127.0.0.1:9', BRIDGE_PORT: '0', LOG_LEVEL: 'silent' };
    await expect(
      startBridge(loadConfig({ ...base, BRIDGE_TOOLSETS: 'core,filez' })),
    ).rejects.toThrow(ConfigError);
    await expect(
      startBridge(loadConfig({ ...base, BRIDGE_TOOLSETS: 'core,filez' })),
    ).rejects.toThrow(
      /BRIDGE_TOOLSETS: unknown name\(s\) filez\. Profiles: all, core\. Toolsets: .*posts/,
    );
    await expect(
      startBridge(loadConfig({ ...base, BRIDGE_ALLOWED_TOOLSETS: 'posts,nope' })),
    ).rejects.toThrow(/BRIDGE_ALLOWED_TOOLSETS: unknown toolset\(s\) nope/);
  });

  it('fails at start when a profile names a tool that does not exist', () => {
    const catalogue = new ToolCatalogue(catalogueTools(), { tiny: ['get_me', 'no_such_tool'] });
    expect(() => catalogue.expand(['tiny'])).toThrow(
      /Profile tiny names tool\(s\) that do not exist: no_such_tool/,
    );
  });
});
