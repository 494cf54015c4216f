import { Writable } from 'node:stream';
import { createLogger } from '../../src/observability/logger.js';

/** A logger whose every line is kept, parsed, for a test to inspect. */
export function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination: stream }) };
}
