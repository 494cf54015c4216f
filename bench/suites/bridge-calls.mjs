// What one tool call costs against the Mattermost REST calls behind it, measured side by side in one
// run: the simulator and the bridge each in their own process, this process the client of both.
// (Mattermost requests per call, tool by tool, are bridge-requests.mjs.)
//  - Overhead: `get_post`, `read_channel` (50 posts by 10 authors) and `send_message` through the bridge
//    (the official MCP client over Streamable HTTP), interleaved call by call with the same REST call
//    made directly with the official Client4; overhead = bridge − direct, at p50 and p99.
//  - Output size per post of `read_channel`: the text the model reads, and separately the
//    structuredContent, against the JSON Mattermost answers for the same 50 posts.
import {
  figure,
  percentile,
  startBridgeProcess,
  startSimulatorProcess,
} from '../lib/processes.mjs';
import { RawMcpSession } from '../lib/raw-mcp.mjs';
import { call, connect } from '../lib/sdk-client.mjs';
import { restClient, seedBenchWorkspace } from '../lib/workspace.mjs';

const TARGET_GET_POST_P50_OVERHEAD_MS = 1;
const TARGET_TEXT_SHARE = 0.25;
const WARMUP = 30;
/** Pairs (bridge call + direct call) per tool. */
const PAIRS = { get_post: 400, read_channel: 200, send_message: 200 };

const textOf = (result) =>
  result.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');

/** Runs `bridge` and `direct` alternately, switching which goes first, and times each. */
async function sideBySide(pairs, bridge, direct) {
  for (let i = 0; i < WARMUP; i++) {
    await bridge(i);
    await direct(i);
  }
  const times = { bridge: [], direct: [] };
  const timed = async (kind, fn, i) => {
    const started = performance.now();
    await fn(i);
    times[kind].push(performance.now() - started);
  };
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      await timed('bridge', bridge, i);
      await timed('direct', direct, i);
    } else {
      await timed('direct', direct, i);
      await timed('bridge', bridge, i);
    }
  }
  times.bridge.sort((a, b) => a - b);
  times.direct.sort((a, b) => a - b);
  return times;
}

function overheadFigures(tool, times, target) {
  const figures = [];
  for (const p of [50, 99]) {
    const bridge = percentile(times.bridge, p);
    const direct = percentile(times.direct, p);
    figures.push(figure(`${tool} p${p} through the bridge`, bridge, 'ms'));
    figures.push(figure(`${tool} p${p} direct REST (Client4)`, direct, 'ms'));
    const isTarget = p === 50 && target !== undefined;
    figures.push(
      figure(
        `${tool} p${p} overhead (bridge − direct)`,
        bridge - direct,
        'ms',
        isTarget ? `≤ ${target} ms` : null,
        isTarget ? (v) => v <= target : null,
      ),
    );
  }
  return figures;
}

export default async function bridgeCalls() {
  const sim = await startSimulatorProcess();
  let bridge;
  const clients = [];
  try {
    const ws = await seedBenchWorkspace(sim.info);
    bridge = await startBridgeProcess(sim.info.url);
    const figures = [];
    const samplePost = ws.posts[ws.posts.length - 1];

    // Output size of read_channel for the 50 posts, against Mattermost's own JSON for them.
    const mcp = await connect(bridge.url, ws.reader.token);
    clients.push(mcp);
    const rest = restClient(sim.info.url, ws.reader.token);
    const read = await call(mcp, 'read_channel', { channel: ws.channel.id, limit: 50 });
    const postCount = read.structuredContent.posts.length;
    const rawResponse = await fetch(
      `${sim.info.url}/api/v4/channels/${ws.channel.id}/posts?page=0&per_page=50`,
      {
        headers: { Authorization: `Bearer ${ws.reader.token}` },
      },
    );
    const rawBytes = Buffer.byteLength(await rawResponse.text());
    const textBytes = Buffer.byteLength(textOf(read));
    const structuredBytes = Buffer.byteLength(JSON.stringify(read.structuredContent));
    figures.push(figure('read_channel posts returned', postCount, 'posts', '50', (v) => v === 50));
    figures.push(
      figure('Mattermost JSON per post (GET /channels/{id}/posts)', rawBytes / 50, 'bytes'),
    );
    figures.push(
      figure('read_channel text per post (what the model reads)', textBytes / postCount, 'bytes'),
    );
    figures.push(
      figure(
        'read_channel text / Mattermost JSON',
        (100 * textBytes) / rawBytes,
        '%',
        `≤ ${TARGET_TEXT_SHARE * 100} %`,
        (v) => v <= TARGET_TEXT_SHARE * 100,
      ),
    );
    figures.push(
      figure('read_channel structuredContent per post', structuredBytes / postCount, 'bytes'),
    );
    figures.push(
      figure(
        'read_channel structuredContent / Mattermost JSON',
        (100 * structuredBytes) / rawBytes,
        '%',
      ),
    );

    // Overhead, side by side, warm: the bridge and Client4 against the same simulator.
    const getPost = await sideBySide(
      PAIRS.get_post,
      () => call(mcp, 'get_post', { post_id: samplePost.id }),
      () => rest.getPost(samplePost.id),
    );
    figures.push(...overheadFigures('get_post', getPost, TARGET_GET_POST_P50_OVERHEAD_MS));
    // The same with a client that only writes and reads JSON-RPC (bench/lib/raw-mcp.mjs): the SDK
    // client's own work, in this process, is part of the figure above and not of this one.
    const raw = await RawMcpSession.open(bridge.url, ws.reader.token);
    const getPostRaw = await sideBySide(
      PAIRS.get_post,
      async () => {
        const { message } = await raw.callTool('get_post', { post_id: samplePost.id });
        if (!message?.result || message.result.isError) throw new Error('get_post failed');
      },
      () => rest.getPost(samplePost.id),
    );
    await raw.close();
    figures.push(
      ...overheadFigures(
        'get_post (raw JSON-RPC client)',
        getPostRaw,
        TARGET_GET_POST_P50_OVERHEAD_MS,
      ),
    );
    const readChannel = await sideBySide(
      PAIRS.read_channel,
      () => call(mcp, 'read_channel', { channel: ws.channel.id, limit: 50 }),
      // The request the bridge makes for it: one page of 51 (one more tells whether older ones exist).
      () => rest.getPosts(ws.channel.id, 0, 51),
    );
    figures.push(...overheadFigures('read_channel (50 posts)', readChannel));
    const send = await sideBySide(
      PAIRS.send_message,
      (i) => call(mcp, 'send_message', { channel: ws.writes.id, message: `bridge send ${i}` }),
      (i) => rest.createPost({ channel_id: ws.writes.id, message: `direct send ${i}` }),
    );
    figures.push(...overheadFigures('send_message', send));
    return figures;
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    await bridge?.stop();
    await sim.stop();
  }
}
