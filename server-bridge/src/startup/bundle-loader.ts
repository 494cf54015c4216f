import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import nodeModule, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

type WithCompileCache = { enableCompileCache?: (dir?: string) => unknown };

/** How long after loading the code cache is written: what the start compiled is in it by then. */
const WRITE_AFTER_MS = 1500;

/** Caches not used for this long are removed when a new one is written. */
const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;

const CACHE_NAME = /^mcp-bridge-[0-9a-f]{32}\.v8cache$/;
/** What a write that never finished leaves behind (see `writeAtomically`). */
const TEMPORARY_NAME = /^mcp-bridge-[0-9a-f]{32}\.v8cache\.[0-9a-f]{16}\.tmp$/;
const TEMPORARY_STALE_AFTER_MS = 3600 * 1000;

/**
 * Where compiled code is kept between starts: Node's own variable and default, so that one setting
 * serves Node 22's compile cache and this one; undefined when turned off.
 */
export function compileCacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  return env.NODE_COMPILE_CACHE || join(tmpdir(), 'node-compile-cache');
}

/**
 * The cache file of one build of `source`, run by this Node. V8 checks a cache only against the
 * length of its source, so the name holds a digest of the whole text.
 */
export function codeCacheFile(directory: string, source: Buffer): string {
  const digest = createHash('sha256')
    .update(source)
    .update(`${process.version} ${process.arch}`)
    .digest('hex')
    .slice(0, 32);
  return join(directory, `mcp-bridge-${digest}.v8cache`);
}

/** Whether only this user may change what `stat` describes: theirs, and no one else may write. */
function ownedAlone(stat: Stats): boolean {
  if (process.getuid && stat.uid !== process.getuid()) return false;
  return (stat.mode & 0o022) === 0;
}

/**
 * The real path of a directory this user alone writes, created when missing; undefined when it
 * cannot be used. Compiled code read from it runs as this process, so it is checked, then used,
 * by its real path: a link swapped afterwards (in a shared temporary directory) changes nothing.
 */
export function privateDirectory(directory: string): string | undefined {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const real = realpathSync(directory);
    const stat = statSync(real);
    return stat.isDirectory() && ownedAlone(stat) ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A cache file's bytes, read through the descriptor whose owner and mode were checked, never
 * through a link: a file another user placed is not code this process runs.
 */
function readPrivateFile(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
    const stat = fstatSync(fd);
    return stat.isFile() && ownedAlone(stat) ? readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Written beside under a name no other start picks (bridges in containers sharing a volume all
 * run as pid 1), then renamed: a start that reads meanwhile sees the old file or the new one.
 */
function writeAtomically(file: string, data: Buffer): void {
  const temporary = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
  try {
    renameSync(temporary, file);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
}

/**
 * Every build leaves a cache of its own (about 2.5 MB): those no start has used for a week go (a
 * start that uses one marks it, see `loadBundle`), and so do writes that never finished. Another
 * start may remove the same file meanwhile.
 */
export function removeStaleCaches(directory: string, now = Date.now()): void {
  for (const name of readdirSync(directory)) {
    const staleAfter = CACHE_NAME.test(name)
      ? STALE_AFTER_MS
      : TEMPORARY_NAME.test(name)
        ? TEMPORARY_STALE_AFTER_MS
        : undefined;
    if (staleAfter === undefined) continue;
    const file = join(directory, name);
    try {
      if (now - statSync(file).mtimeMs > staleAfter) rmSync(file, { force: true });
    } catch {
      // Gone already: another start cleaned it.
    }
  }
}

/**
 * On Node 22+, turns on Node's own compile cache in `directory` (already checked private, see
 * `privateDirectory`; none when undefined). Returns whether this Node has one.
 */
export function enableNodeCompileCache(directory: string | undefined): boolean {
  const nodeCache = (nodeModule as WithCompileCache).enableCompileCache;
  if (!nodeCache) return false;
  if (directory) nodeCache(directory);
  return true;
}

export interface LoadedBundle {
  /** What the bundle exports (`module.exports`). */
  exports: unknown;
  /** Whether V8 took compiled code from the cache (Node 20's path only). */
  cacheAccepted: boolean;
  /** The cache file, when one is used. */
  cacheFile?: string;
}

/**
 * Runs a CommonJS bundle as `require` would. Node 22+ keeps its compiled code with its own compile
 * cache; on Node 20, which has none, V8's code cache of the bundle is kept in the same directory,
 * written once after a start, so that later starts skip compiling it. With source maps on
 * (`--enable-source-maps`) the bundle is required plainly, so that Node maps its stack traces.
 * `directory`: see `compileCacheDirectory`; undefined turns the cache off.
 */
export function loadBundle(
  file: string,
  directory: string | undefined,
  writeAfterMs = WRITE_AFTER_MS,
): LoadedBundle {
  const cacheDirectory = directory ? privateDirectory(directory) : undefined;
  if (enableNodeCompileCache(cacheDirectory) || !cacheDirectory || process.sourceMapsEnabled) {
    return { exports: createRequire(file)(file) as unknown, cacheAccepted: false };
  }
  const bytes = readFileSync(file);
  const cacheFile = codeCacheFile(cacheDirectory, bytes);
  const cachedData = readPrivateFile(cacheFile);
  // The bundle is ASCII (scripts/bundle.mjs checks), so latin1 decodes it exactly, and fast.
  const script = new Script(nodeModule.wrap(bytes.toString('latin1')), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const cacheAccepted = cachedData !== undefined && !script.cachedDataRejected;
  if (cacheAccepted) {
    try {
      const now = new Date();
      utimesSync(cacheFile, now, now);
    } catch {
      // Only the age of the cache was not recorded.
    }
  } else {
    const timer = setTimeout(() => {
      try {
        writeAtomically(cacheFile, script.createCachedData());
        removeStaleCaches(cacheDirectory);
      } catch {
        // A read-only or full disk: the next start compiles again.
      }
    }, writeAfterMs);
    timer.unref();
  }
  const run = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, cacheAccepted, cacheFile };
}
