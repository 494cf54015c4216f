import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startBridge, type RunningBridge } from '../../src/bridge.js';
import { loadConfig } from '../../src/config.js';
import { freePort } from '../helpers/free-port.js';
import { useStack } from '../helpers/fixtures.js';
import { until } from '../helpers/wait.js';
import { captureLogs } from '../policy/logs.js';

const { stack } = useStack();
let bridge: RunningBridge | undefined;

afterEach(async () => {
  await bridge?.stop(1000);
  bridge = undefined;
});

/** A bridge on `mattermostUrl`, and the lines it logs. */
async function start(mattermostUrl: string) {
  const logs = captureLogs();
  bridge = await startBridge(
    loadConfig({ MATTERMOST_URL: mattermostUrl, BRIDGE_PORT: '0', BRIDGE_WEBSOCKET: 'false' }),
    { logger: logs.logger },
  );
  return logs.lines;
}

describe('a Mattermost that does not answer at start', () => {
  it('is said in the log at once, naming the URL', async () => {
    // A port nothing listens on: connections are refused.
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const lines = await start(nobody);
    await until('the warning', () => lines.some((line) => line.level === 40));
    const warning = lines.find((line) => line.level === 40)!;
    expect(warning).toMatchObject({
      mattermost_url: nobody,
      error: 'unreachable',
      cause: 'ECONNREFUSED',
    });
    expect(String(warning.msg)).toContain('Mattermost does not answer at MATTERMOST_URL');
  });

  it('says when what answers there is no Mattermost', async () => {
    const other = createServer((_req, res) => res.writeHead(404).end('not here'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const lines = await start(url);
      await until('the warning', () => lines.some((line) => line.level === 40));
      const warning = lines.find((line) => line.level === 40)!;
      expect(warning).toMatchObject({ mattermost_url: url, status: 404 });
      expect(String(warning.msg)).toContain('but not as Mattermost does (HTTP 404');
    } finally {
      await bridge?.stop(1000);
      bridge = undefined;
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('is not said when Mattermost answers', async () => {
    const lines = await start(stack.sim.url);
    await until('the check', () =>
      lines.some((line) => line.msg === 'Mattermost answers at MATTERMOST_URL'),
    );
    expect(lines.filter((line) => line.level === 40)).toEqual([]);
  });
});
