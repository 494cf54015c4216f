// What `tools/list` costs a model in tokens, counted with a real tokenizer (js-tiktoken, the
// o200k_base encoding of OpenAI's GPT-4o family; other models' tokenizers differ by some percent,
// so the targets leave room): the default selection a session starts with, and every toolset for
// a regular user. bridge-catalogue.mjs reports the same listings in bytes and as chars / 4.
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { figure, startBridgeProcess, startSimulatorProcess } from '../lib/processes.mjs';
import { RawMcpSession } from '../lib/raw-mcp.mjs';

export const ENCODING = 'o200k_base';
const TARGET_DEFAULT_TOKENS = 2500;
const TARGET_ALL_USER_TOKENS = 16000;

const encoder = new Tiktoken(o200k);

/** Tokens of the JSON-RPC result as the client receives it (the text a model is given). */
export function tokensOf(value) {
  return encoder.encode(JSON.stringify(value)).length;
}

async function listTokens(bridgeUrl, token, toolsets) {
  const session = await RawMcpSession.open(bridgeUrl, token, toolsets ? { toolsets } : {});
  try {
    const { message } = await session.request('tools/list', {});
    if (!message?.result)
      throw new Error(`tools/list (${toolsets ?? 'default'}) failed: ${JSON.stringify(message)}`);
    return { tools: message.result.tools.length, tokens: tokensOf(message.result) };
  } finally {
    await session.close();
  }
}

function tokenFigures(label, listed, target) {
  return [
    figure(`tools/list ${label}: tools`, listed.tools, 'tools'),
    figure(
      `tools/list ${label}: tokens (${ENCODING})`,
      listed.tokens,
      'tokens',
      `≤ ${target}`,
      (v) => v <= target,
    ),
  ];
}

export default async function toolsListTokens() {
  const sim = await startSimulatorProcess();
  let bridge;
  try {
    const user = sim.info.demo_user.token;
    // The bridge as it starts without settings: BRIDGE_TOOLSETS at its default, compact listing.
    bridge = await startBridgeProcess(sim.info.url, { env: { BRIDGE_TOOLSETS: 'core' } });
    return [
      ...tokenFigures(
        'default selection, a regular user',
        await listTokens(bridge.url, user),
        TARGET_DEFAULT_TOKENS,
      ),
      ...tokenFigures(
        'all, a regular user',
        await listTokens(bridge.url, user, 'all'),
        TARGET_ALL_USER_TOKENS,
      ),
    ];
  } finally {
    await bridge?.stop();
    await sim.stop();
  }
}
