import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRegistry } from '../../src/composition.js';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { createBridgeMetrics } from '../../src/observability/bridge-metrics.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetricsRegistry } from '../../src/observability/metrics.js';
import { AuditLog } from '../../src/policy/audit-log.js';

/** Builds the registry of `env` and returns the warnings logged while doing so. */
function warningsOf(env: Record<string, string>): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: 'warn',
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  const config = loadConfig({ MATTERMOST_URL: 'http://mm.test', ...env });
  const registry = buildRegistry(config, createBridgeMetrics(createMetricsRegistry()), { logger });
  registry.close();
  return lines.filter((line) => line.level === 40);
}

describe('start toolsets outside the allowed ones', () => {
  it('warns when sessions would start with enable_toolset alone', () => {
    const warned = warningsOf({ BRIDGE_TOOLSETS: 'files', BRIDGE_ALLOWED_TOOLSETS: 'posts' });
    expect(warned).toHaveLength(1);
    expect(warned[0]!.toolsets).toEqual(['files']);
    expect(String(warned[0]!.msg)).toMatch(
      /BRIDGE_ALLOWED_TOOLSETS allows: they get enable_toolset alone/,
    );
  });

  it('names the toolsets left out when some of the start remains', () => {
    const warned = warningsOf({ BRIDGE_TOOLSETS: 'posts,files', BRIDGE_ALLOWED_TOOLSETS: 'posts' });
    expect(warned).toHaveLength(1);
    expect(warned[0]!.toolsets).toEqual(['files']);
    expect(String(warned[0]!.msg)).toMatch(/start without them/);
  });

  it('says nothing when a profile is only narrowed by the bound', () => {
    expect(warningsOf({ BRIDGE_TOOLSETS: 'core', BRIDGE_ALLOWED_TOOLSETS: 'posts' })).toEqual([]);
  });

  it('says nothing when the start lies within the bound', () => {
    expect(warningsOf({ BRIDGE_TOOLSETS: 'files', BRIDGE_ALLOWED_TOOLSETS: 'all' })).toEqual([]);
    expect(
      warningsOf({ BRIDGE_TOOLSETS: 'files', BRIDGE_ALLOWED_TOOLSETS: 'files,posts' }),
    ).toEqual([]);
  });
});

describe('BRIDGE_AUDIT_LOG', () => {
  it('that cannot be created is a configuration error naming the variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    try {
      const notADirectory = join(dir, 'file');
      writeFileSync(notADirectory, 'x');
      const log = createLogger({ level: 'silent' });
      let error: unknown;
      try {
        new AuditLog(log, join(notADirectory, 'audit.log'));
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/^BRIDGE_AUDIT_LOG: cannot open .*audit\.log/);
      const audit = new AuditLog(log, join(dir, 'logs', 'audit.log'));
      audit.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
