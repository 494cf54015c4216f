// The bridge's command line: the executable `mcp-bridge` (`cli.ts`) loads this module, built into one
// file (`dist/mcp-bridge.cjs`) by `scripts/bundle.mjs`.
import { Command } from 'commander';
import { loadConfig } from './config.js';
import { configHelpText } from './config-help.js';
import { AccessDeniedError, ConfigError, UnauthorizedError } from './errors.js';
import { createLogger } from './observability/logger.js';
import { BRIDGE_VERSION } from './version.js';

const program = new Command()
  .name('mcp-bridge')
  .description('Lets MCP clients work in Mattermost as the user whose token they send.')
  .version(BRIDGE_VERSION)
  .option(
    '--stdio',
    'serve one MCP connection over stdin/stdout, acting as the owner of MATTERMOST_TOKEN',
  )
  .addHelpText('after', `\nConfiguration (environment variables):\n${configHelpText()}\n`)
  .parse();

const { stdio } = program.opts<{ stdio?: boolean }>();

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(`mcp-bridge: ${err.message}`);
    throw err;
  }
  const log = createLogger({
    level: config.LOG_LEVEL,
    pretty: !stdio && process.stderr.isTTY === true,
  });

  if (stdio) {
    // The official WebSocket client logs with console.log; stdout carries JSON-RPC alone.
    console.log = console.error;
    let bridge;
    try {
      // Only a stdio bridge needs the stdio transport; the HTTP bridge never loads it.
      const { startStdioBridge } = await import('./transports/stdio.js');
      bridge = await startStdioBridge(config, { logger: log });
    } catch (err) {
      if (err instanceof ConfigError) fail(`mcp-bridge: ${err.message}`);
      if (err instanceof UnauthorizedError)
        fail(`mcp-bridge: MATTERMOST_TOKEN was refused by Mattermost. ${err.message}`);
      if (err instanceof AccessDeniedError) fail(`mcp-bridge: ${err.message}`);
      throw err;
    }
    const stop = () => void bridge.stop().finally(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    await bridge.closed;
    await bridge.stop();
    process.exit(0);
  }

  const { startBridge } = await import('./bridge.js');
  const bridge = await startBridge(config, { logger: log });
  const stop = (signal: string) => {
    log.info({ signal }, 'stopping');
    bridge.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error(`mcp-bridge: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
