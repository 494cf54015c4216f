import { Writable } from 'node:stream';
import { createLogger } from '../../src/observability/logger.js';
import { startStack, type Stack } from '../helpers/stack.js';

/** A stack like the helper's whose bridge logs everything (debug) into a string the test reads. */
export async function startLoggedStack(
  env: Record<string, string> = {},
): Promise<{ stack: Stack; logs: () => string }> {
  let logs = '';
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  // The compact listing, as deployed: these suites speak raw JSON-RPC and read input schemas only.
  const stack = await startStack(
    { LOG_LEVEL: 'debug', BRIDGE_TOOL_LISTING: 'compact', ...env },
    { logger: createLogger({ level: 'debug', destination }) },
  );
  return { stack, logs: () => logs };
}
