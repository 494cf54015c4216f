import { jest } from '@jest/globals';
import { useStack } from '../helpers/fixtures.js';
import { callTool, createUser } from '../helpers/stack.js';
import type { JsonSchema } from './schema-arbitrary.js';

/**
 * One user can never read another's private channel or direct messages through the bridge: every
 * read tool is called by Bob with every reference to Alice's private places (ids, names, post ids,
 * the secret words themselves as search terms) in every string argument, and no answer, text or
 * structured, may contain what Alice wrote there. Resources are tried the same way.
 */

jest.setTimeout(90_000);

interface ListedTool {
  name: string;
  inputSchema: JsonSchema;
  annotations?: { readOnlyHint?: boolean };
}

const { stack, ws, bob } = useStack({ prepare: hideAlicesPlaces, connect: ['bob'] });
const secret = `zebra${Date.now().toString(36)}quartz`;
const targets: string[] = [];

/** Alice's private channel, thread and direct message, and every reference to them in `targets`. */
async function hideAlicesPlaces(): Promise<void> {
  const carol = await createUser(stack, 'carol');
  const admin = stack.rest(stack.sim.admin);
  await admin.addToTeam(ws.team.id, carol.id);
  const alice = stack.rest(ws.alice);
  const hidden = await alice.createChannel({
    team_id: ws.team.id,
    name: `hidden-${Date.now().toString(36)}`,
    display_name: 'Hidden plans',
    type: 'P',
  } as never);
  const root = await alice.createPost({
    channel_id: hidden.id,
    message: `root ${secret}`,
  } as never);
  const reply = await alice.createPost({
    channel_id: hidden.id,
    root_id: root.id,
    message: `reply ${secret}`,
  } as never);
  await alice.addReaction(ws.alice.id, root.id, 'lock');
  await alice.pinPost(root.id);
  const dm = await alice.createDirectChannel([ws.alice.id, carol.id]);
  const whisper = await alice.createPost({ channel_id: dm.id, message: `dm ${secret}` } as never);
  targets.push(
    hidden.id,
    `~${hidden.name}`,
    `${ws.team.name}/${hidden.name}`,
    hidden.name,
    root.id,
    reply.id,
    dm.id,
    dm.name,
    whisper.id,
    secret,
    `"${secret}"`,
  );
}

/** Whether an answer carries words Alice wrote (not merely the secret echoed from an argument). */
function leaks(seen: string): boolean {
  return [`root ${secret}`, `reply ${secret}`, `dm ${secret}`].some((words) =>
    seen.includes(words),
  );
}

/** A plausible value for a property whose value does not matter to the attempt. */
function filler(schema: JsonSchema): unknown {
  if (schema.enum?.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return false;
  if (type === 'array') return [];
  if (type === 'object') return {};
  return ws.channel.id;
}

/** Every way to put each target into the tool's string arguments, required ones filled in. */
function attempts(schema: JsonSchema): Record<string, unknown>[] {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const stringProps = properties.filter(([, p]) => {
    const type = Array.isArray(p.type) ? p.type[0] : p.type;
    return type === 'string' && !p.enum;
  });
  const base: Record<string, unknown> = {};
  for (const [key, p] of properties) if (required.has(key)) base[key] = filler(p);
  const all: Record<string, unknown>[] = [];
  for (const [key] of stringProps)
    for (const target of targets) all.push({ ...base, [key]: target });
  // Every string argument at once, for tools that need several references to find anything.
  for (const target of targets) {
    const every = { ...base };
    for (const [key] of stringProps) every[key] = target;
    all.push(every);
  }
  return all;
}

describe('cross-user isolation', () => {
  it('no read tool shows Bob what Alice wrote in her private channel or her direct messages', async () => {
    const tools = (await bob.listTools()).tools as unknown as ListedTool[];
    const reads = tools.filter((tool) => tool.annotations?.readOnlyHint);
    expect(reads.length).toBeGreaterThan(10);
    let calls = 0;
    for (const tool of reads) {
      for (const args of attempts(tool.inputSchema)) {
        calls++;
        const result = await callTool(bob, tool.name, args).catch((err: Error) => ({
          content: [{ type: 'text' as const, text: err.message }],
          isError: true,
        }));
        // The argument itself may be echoed back ("no channel named …"); what Alice wrote may not.
        expect({ tool: tool.name, args, leaked: leaks(JSON.stringify(result)) }).toEqual({
          tool: tool.name,
          args,
          leaked: false,
        });
      }
    }
    console.info(`isolation: ${reads.length} read tools, ${calls} attempts`);
  });

  it('no resource shows Bob what Alice wrote there', async () => {
    const uris = targets
      .slice(0, 9)
      .flatMap((id) => [`mattermost://channels/${id}/posts`, `mattermost://posts/${id}/thread`]);
    for (const uri of uris) {
      const seen = await bob
        .readResource({ uri })
        .then((r) => JSON.stringify(r))
        .catch((err: Error) => err.message);
      expect({ uri, leaked: leaks(seen) }).toEqual({
        uri,
        leaked: false,
      });
    }
  });

  it('Alice herself reads all of it through the same tools (the attempts can find it)', async () => {
    const alice = await stack.connect(ws.alice);
    const found = await callTool(alice, 'read_channel', { channel: targets[0]! });
    expect(JSON.stringify(found)).toContain(`root ${secret}`);
    const dm = await callTool(alice, 'read_channel', { channel: targets[6]! });
    expect(JSON.stringify(dm)).toContain(`dm ${secret}`);
  });
});
