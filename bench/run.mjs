#!/usr/bin/env node
// Runs every benchmark suite in bench/suites/ in one process, prints a table and writes
// bench/results/latest.json. A suite is a module whose default export is an async function
// returning figures: [{name, value, unit, target, ok}] (target and ok may be null).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const suites = readdirSync(join(here, 'suites'))
  .filter((f) => f.endsWith('.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

// The machine's load average (1 minute) when each suite starts and ends: other work on the same
// cores inflates every latency, so a figure is read next to the load it was measured under.
const load = () => +loadavg()[0].toFixed(2);
const loads = [];
const figures = [];
for (const file of suites) {
  const started = Date.now();
  const loadBefore = load();
  process.stderr.write(`bench: ${file} (load average ${loadBefore}) ...\n`);
  const run = (await import(pathToFileURL(join(here, 'suites', file)).href)).default;
  const got = await run();
  const suite = file.replace(/\.mjs$/, '');
  for (const f of got) figures.push({ suite, ...f });
  loads.push({ suite, before: loadBefore, after: load() });
  process.stderr.write(`bench: ${file} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const rows = figures.map((f) => [
  f.name,
  `${typeof f.value === 'number' ? +f.value.toFixed(3) : f.value} ${f.unit}`,
  f.target ?? '',
  f.ok === null || f.ok === undefined ? '' : f.ok ? 'ok' : 'MISS',
]);
const head = ['figure', 'value', 'target', ''];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
const met = figures.filter((f) => f.ok === true).length;
const missed = figures.filter((f) => f.ok === false);
console.log(`\ntargets: ${met} met, ${missed.length} missed${missed.length ? ':' : ''}`);
for (const f of missed) console.log(`  MISS  ${f.name}: ${f.value} ${f.unit} (target ${f.target})`);
console.log(
  `load average (1 min) per suite, start → end: ${loads.map((l) => `${l.suite} ${l.before} → ${l.after}`).join(', ')}`,
);

const out = join(here, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'latest.json'),
  JSON.stringify(
    { date: new Date().toISOString(), node: process.version, loads, figures },
    null,
    2,
  ) + '\n',
);
console.log(`\nwritten: bench/results/latest.json (${figures.length} figures)`);
