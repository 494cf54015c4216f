// The executable's loader of the bundled bridge: on Node 20 it keeps V8's code cache of the bundle
// between starts, keyed by the bundle's whole text (V8 itself checks only its length).
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  codeCacheFile,
  compileCacheDirectory,
  loadBundle,
  privateDirectory,
  removeStaleCaches,
} from '../../src/startup/bundle-loader.js';
import { until } from '../helpers/wait.js';

const nodeHasCompileCache =
  typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bundle-loader-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function bundle(name: string, answer: string): string {
  const file = join(dir, name);
  writeFileSync(file, `module.exports = { answer: '${answer}', sep: require('node:path').sep };\n`);
  return file;
}

describe('loadBundle', () => {
  it('runs the bundle as require would, with its own require and module', () => {
    const file = bundle('a.cjs', 'one');
    const loaded = loadBundle(file, join(dir, 'cache'), 0);
    expect(loaded.exports).toEqual({ answer: 'one', sep: '/' });
  });

  (nodeHasCompileCache ? it.skip : it)(
    'on Node without a compile cache, writes the code cache once and uses it on the next start',
    async () => {
      const cache = join(dir, 'cache');
      const file = bundle('b.cjs', 'two');
      const first = loadBundle(file, cache, 0);
      expect(first.cacheAccepted).toBe(false);
      await until('the code cache is written', () => existsSync(first.cacheFile!));
      expect(statSync(cache).mode & 0o777).toBe(0o700);
      expect(statSync(first.cacheFile!).mode & 0o777).toBe(0o600);

      const second = loadBundle(file, cache, 0);
      expect(second).toMatchObject({ cacheAccepted: true, cacheFile: first.cacheFile });
      expect(second.exports).toEqual({ answer: 'two', sep: '/' });

      // Another build of the same length has a cache of its own, never the old code.
      bundle('b.cjs', 'TWO');
      const rebuilt = loadBundle(file, cache, 0);
      expect(rebuilt.cacheFile).not.toBe(first.cacheFile);
      expect(rebuilt).toMatchObject({ cacheAccepted: false, exports: { answer: 'TWO' } });
    },
  );

  it('requires the bundle plainly when the cache is off or its directory is not private', () => {
    const file = bundle('c.cjs', 'three');
    expect(loadBundle(file, undefined, 0)).toEqual({
      exports: { answer: 'three', sep: '/' },
      cacheAccepted: false,
    });
    // A directory others may write is not trusted with code.
    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(loadBundle(file, open, 0)).toEqual({
      exports: { answer: 'three', sep: '/' },
      cacheAccepted: false,
    });
    expect(readdirSync(open)).toEqual([]);
  });
});

describe('a cache someone else could have written', () => {
  // The cache is code this process runs: V8 checks it only against the length of its source.
  (nodeHasCompileCache ? it.skip : it)(
    'is not used when others may write the file, or when it is a link',
    async () => {
      const cache = join(dir, 'cache');
      const file = bundle('d.cjs', 'four');
      const first = loadBundle(file, cache, 0);
      await until('the code cache is written', () => existsSync(first.cacheFile!));
      const kept = join(dir, 'kept.v8cache');
      copyFileSync(first.cacheFile!, kept);

      chmodSync(first.cacheFile!, 0o666);
      expect(loadBundle(file, cache, 10_000).cacheAccepted).toBe(false);

      rmSync(first.cacheFile!);
      chmodSync(kept, 0o600);
      symlinkSync(kept, first.cacheFile!);
      expect(loadBundle(file, cache, 10_000).cacheAccepted).toBe(false);

      rmSync(first.cacheFile!);
      copyFileSync(kept, first.cacheFile!);
      chmodSync(first.cacheFile!, 0o600);
      expect(loadBundle(file, cache, 10_000).cacheAccepted).toBe(true);
    },
  );

  it('is looked for in the real directory behind a link, checked there', () => {
    const real = join(dir, 'real');
    mkdirSync(real, { mode: 0o700 });
    const link = join(dir, 'link');
    symlinkSync(real, link);
    expect(privateDirectory(link)).toBe(real);
    chmodSync(real, 0o777);
    expect(privateDirectory(link)).toBeUndefined();
  });
});

describe('compileCacheDirectory', () => {
  it('follows Node’s own variables', () => {
    expect(compileCacheDirectory({ NODE_COMPILE_CACHE: '/var/cache/x' })).toBe('/var/cache/x');
    expect(compileCacheDirectory({ NODE_DISABLE_COMPILE_CACHE: '1' })).toBeUndefined();
    expect(compileCacheDirectory({})).toBe(join(tmpdir(), 'node-compile-cache'));
  });

  it('names a cache by the whole text of the bundle', () => {
    const a = codeCacheFile('/c', Buffer.from('abc'));
    expect(codeCacheFile('/c', Buffer.from('abc'))).toBe(a);
    expect(codeCacheFile('/c', Buffer.from('abd'))).not.toBe(a);
  });
});

describe('removeStaleCaches', () => {
  it('removes the bridge’s caches no start used for a week, unfinished writes, nothing else', () => {
    const day = 24 * 3600 * 1000;
    const now = Date.now();
    const cache = (digit: string) => `mcp-bridge-${digit.repeat(32)}.v8cache`;
    const files = {
      old: cache('a'),
      recent: cache('b'),
      foreign: 'other-tool-cache',
      unfinished: `${cache('c')}.${'0'.repeat(16)}.tmp`,
    };
    for (const name of Object.values(files)) writeFileSync(join(dir, name), 'x');
    const eightDaysAgo = new Date(now - 8 * day);
    utimesSync(join(dir, files.old), eightDaysAgo, eightDaysAgo);
    utimesSync(join(dir, files.foreign), eightDaysAgo, eightDaysAgo);
    const twoHoursAgo = new Date(now - 2 * 3600 * 1000);
    utimesSync(join(dir, files.unfinished), twoHoursAgo, twoHoursAgo);
    utimesSync(join(dir, files.recent), new Date(now - 6 * day), new Date(now - 6 * day));
    removeStaleCaches(dir, now);
    expect(readdirSync(dir).sort()).toEqual([files.recent, files.foreign].sort());
  });
});
