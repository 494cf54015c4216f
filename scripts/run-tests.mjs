#!/usr/bin/env node
// Runs every workspace's Jest project in one process and closes with a plain
// "N passed, N failed, N skipped" line that CI reads regardless of the runner.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'mm-mcp-jest-'));
const report = join(dir, 'report.json');
const args = [
  '--experimental-vm-modules',
  'node_modules/jest/bin/jest.js',
  '--json',
  `--outputFile=${report}`,
  ...process.argv.slice(2),
];
const child = spawn(process.execPath, args, {
  stdio: 'inherit',
  env: { ...process.env, NODE_NO_WARNINGS: '1' },
});
child.on('exit', (code, signal) => {
  let summary = 'jest: no report written';
  try {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    const skipped = r.numPendingTests + r.numTodoTests;
    summary = `jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`;
    if (r.numTotalTests === 0) code = code || 1;
  } catch {
    code = code || 1;
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(summary);
  process.exit(signal ? 1 : (code ?? 1));
});
