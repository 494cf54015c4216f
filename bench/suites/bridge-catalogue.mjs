// Size of `tools/list` for each profile a session can start with: what every conversation pays in
// context before it says anything. Bytes of the JSON-RPC result, and tokens estimated as chars / 4.
import { figure, startBridgeProcess, startSimulatorProcess } from '../lib/processes.mjs';
import { RawMcpSession } from '../lib/raw-mcp.mjs';

const TARGET_CORE_TOKENS = 2500;
const TARGET_ALL_USER_TOKENS = 16000;

async function listSize(bridgeUrl, token, toolsets) {
  const session = await RawMcpSession.open(bridgeUrl, token, { toolsets });
  try {
    const { message } = await session.request('tools/list', {});
    if (!message?.result)
      throw new Error(`tools/list (${toolsets}) failed: ${JSON.stringify(message)}`);
    const text = JSON.stringify(message.result);
    return {
      tools: message.result.tools.length,
      bytes: Buffer.byteLength(text),
      tokens: text.length / 4,
    };
  } finally {
    await session.close();
  }
}

function sizeFigures(label, size, tokenTarget) {
  return [
    figure(`tools/list ${label}: tools`, size.tools, 'tools'),
    figure(`tools/list ${label}: size`, size.bytes, 'bytes'),
    figure(
      `tools/list ${label}: estimated tokens (chars/4)`,
      size.tokens,
      'tokens',
      tokenTarget === undefined ? null : `≤ ${tokenTarget}`,
      tokenTarget === undefined ? null : (v) => v <= tokenTarget,
    ),
  ];
}

export default async function bridgeCatalogue() {
  const sim = await startSimulatorProcess();
  const bridges = [];
  try {
    const user = sim.info.demo_user.token;
    const admin = sim.info.admin_token;
    const bridge = await startBridgeProcess(sim.info.url);
    bridges.push(bridge);
    const readOnly = await startBridgeProcess(sim.info.url, { env: { BRIDGE_READ_ONLY: 'true' } });
    bridges.push(readOnly);
    return [
      ...sizeFigures(
        'core (the default profile)',
        await listSize(bridge.url, user, 'core'),
        TARGET_CORE_TOKENS,
      ),
      ...sizeFigures(
        'all, a regular user',
        await listSize(bridge.url, user, 'all'),
        TARGET_ALL_USER_TOKENS,
      ),
      ...sizeFigures('all, a system admin', await listSize(bridge.url, admin, 'all')),
      ...sizeFigures('core, read-only bridge', await listSize(readOnly.url, user, 'core')),
      ...sizeFigures(
        'all, read-only bridge, a regular user',
        await listSize(readOnly.url, user, 'all'),
      ),
    ];
  } finally {
    await Promise.allSettled(bridges.map((b) => b.stop()));
    await sim.stop();
  }
}
