#!/usr/bin/env node
// `make dist`: the plugin bundle, laid out as Mattermost's installer expects:
// dist/<id>-<version>.tar.gz holding <id>/plugin.json, <id>/webapp/dist/main.js and <id>/public/.
// `--out-dir <dir>` writes the archive elsewhere (the bundle's own test uses a temporary folder).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
const outDir = resolve(args['out-dir'] ?? join(root, 'dist'));
const manifest = JSON.parse(readFileSync(join(root, 'plugin.json'), 'utf8'));
const bundle = join(root, 'webapp', 'dist', 'main.js');
if (!existsSync(bundle)) {
  console.error('dist: webapp/dist/main.js is missing; build the webapp first.');
  process.exit(1);
}
const stage = mkdtempSync(join(tmpdir(), 'mm-mcp-dist-'));
const folder = join(stage, manifest.id);
mkdirSync(join(folder, 'webapp', 'dist'), { recursive: true });
cpSync(join(root, 'plugin.json'), join(folder, 'plugin.json'));
cpSync(bundle, join(folder, 'webapp', 'dist', 'main.js'));
// Files Mattermost serves at <site>/plugins/<id>/public/ (the settings tab's icon).
cpSync(join(root, 'webapp', 'public'), join(folder, 'public'), { recursive: true });
mkdirSync(outDir, { recursive: true });
const out = join(outDir, `${manifest.id}-${manifest.version}.tar.gz`);
execFileSync('tar', ['-czf', out, '-C', stage, manifest.id]);
rmSync(stage, { recursive: true, force: true });
console.log(out);
