import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningBridge } from '../../src/index.js';
import { callTool, textOf } from '../helpers/stack.js';
import { connectWith } from './client.js';
import { captureLogs } from './logs.js';
import { policyBridge, policyWorld, type PolicyWorld } from './setup.js';

describe('confirmation of destructive tools and the audit trail', () => {
  let world: PolicyWorld;
  let bridge: RunningBridge;
  let strict: RunningBridge;
  let auditFile: string;
  const logs = captureLogs();

  beforeAll(async () => {
    world = await policyWorld();
    auditFile = join(mkdtempSync(join(tmpdir(), 'bridge-audit-')), 'audit.log');
    bridge = await policyBridge(
      world,
      { LOG_LEVEL: 'info', BRIDGE_AUDIT_LOG: auditFile },
      { logger: logs.logger },
    );
    strict = await policyBridge(world, { BRIDGE_CONFIRM_DESTRUCTIVE: 'always-refuse-without' });
  }, 60_000);

  afterAll(async () => {
    await bridge?.stop(1000);
    await strict?.stop(1000);
    await world?.stack.stop();
  });

  async function ownPost(message: string): Promise<string> {
    return (
      await world.stack
        .rest(world.alice)
        .createPost({ channel_id: world.open.id, message } as never)
    ).id;
  }

  async function exists(postId: string): Promise<boolean> {
    try {
      const post = await world.stack.rest(world.alice).getPost(postId);
      return !post.delete_at;
    } catch {
      return false;
    }
  }

  it('asks a client that can elicit, and deletes only when the user accepts', async () => {
    const yes = await connectWith(bridge.url, world.alice.token, {
      elicit: () => ({ action: 'accept', content: { confirm: true } }),
    });
    const keep = await ownPost('delete me');
    const deleted = await callTool(yes.client, 'delete_post', { post_id: keep });
    expect(deleted.isError).toBeFalsy();
    expect(yes.asked).toHaveLength(1);
    expect(yes.asked[0]).toContain('delete_post');
    expect(yes.asked[0]).toContain('cannot be undone');
    expect(await exists(keep)).toBe(false);

    const no = await connectWith(bridge.url, world.alice.token, {
      elicit: () => ({ action: 'decline' }),
    });
    const kept = await ownPost('keep me');
    const declined = await callTool(no.client, 'delete_post', { post_id: kept });
    expect(declined.isError).toBe(true);
    expect(textOf(declined)).toContain('did not allow delete_post');
    expect(no.asked).toHaveLength(1);
    expect(await exists(kept)).toBe(true);
    await yes.client.close();
    await no.client.close();
  });

  it('lets clients without elicitation proceed by default, and refuses them when configured to', async () => {
    const plain = await connectWith(bridge.url, world.alice.token);
    const first = await ownPost('plain delete');
    expect((await callTool(plain.client, 'delete_post', { post_id: first })).isError).toBeFalsy();
    expect(await exists(first)).toBe(false);

    const refused = await connectWith(strict.url, world.alice.token);
    const second = await ownPost('strict delete');
    const result = await callTool(refused.client, 'delete_post', { post_id: second });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('needs the user');
    expect(await exists(second)).toBe(true);
    await plain.client.close();
    await refused.client.close();
  });

  it('records every write with user, tool, target, result and outcome, and no message text', async () => {
    const { client } = await connectWith(bridge.url, world.alice.token, { name: 'audited-client' });
    const secretText = 'the launch code is swordfish';
    const sent = await callTool(client, 'send_message', {
      channel: world.open.id,
      message: secretText,
    });
    const postId = String(sent.structuredContent?.post_id);
    await callTool(client, 'read_channel', { channel: world.open.id });
    await client.close();

    const audit = logs.lines.filter((line) => line.audit === true);
    const line = audit.find(
      (l) =>
        l.tool === 'send_message' && (l.result_ids as Record<string, string>)?.post_id === postId,
    );
    expect(line).toMatchObject({
      name: 'mcp-bridge.audit',
      user_id: world.alice.id,
      username: world.alice.username,
      kind: 'write',
      client: 'audited-client',
      channel_ids: [world.open.id],
      outcome: 'ok',
    });
    expect(typeof line?.correlation_id).toBe('string');
    // Reads are not audited; declined and refused writes are.
    expect(audit.some((l) => l.tool === 'read_channel')).toBe(false);
    expect(audit.some((l) => l.tool === 'delete_post' && l.outcome === 'declined')).toBe(true);

    const metrics = await (await fetch(`${bridge.url}/metrics`)).text();
    expect(metrics).toMatch(
      /mcp_bridge_policy_refusals_total\{tool="delete_post",rule="declined"\} 1/,
    );
    const fileLines = readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(
      fileLines.some((l) => l.tool === 'send_message' && l.result_ids?.post_id === postId),
    ).toBe(true);
    for (const text of [JSON.stringify(audit), readFileSync(auditFile, 'utf8')]) {
      expect(text).not.toContain('swordfish');
      expect(text).not.toContain(world.alice.token);
    }
  });

  it('records calls of tools the session does not offer, which the client was never shown', async () => {
    const { client } = await connectWith(bridge.url, world.alice.token, {
      query: 'toolsets=users',
    });
    for (const name of ['send_message', 'drop_database']) {
      await expect(
        client
          .callTool({ name, arguments: { channel: world.open.id, message: 'sneaky' } })
          .then((r) => {
            if (r.isError) throw new Error(JSON.stringify(r.content));
            return r;
          }),
      ).rejects.toThrow(/not found|disabled/);
    }
    await client.close();
    const audit = logs.lines.filter((line) => line.audit === true && line.outcome === 'refused');
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          tool: 'send_message',
          reason: 'not_selected',
          user_id: world.alice.id,
        }),
        expect.objectContaining({ tool: 'drop_database', reason: 'unknown', kind: 'unknown' }),
      ]),
    );
    const posts = await world.stack.rest(world.alice).getPosts(world.open.id);
    expect(Object.values(posts.posts).map((p) => p.message)).not.toContain('sneaky');
  });
});
