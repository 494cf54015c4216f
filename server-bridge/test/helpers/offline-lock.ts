import { readFileSync } from 'node:fs';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

interface Lockfile {
  name: string;
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/**
 * A lockfile for a project that installs one workspace's packed tarball, taken from the
 * repository's own lockfile: the workspace's production dependencies, at the versions and
 * places the repository installed them. With it `npm ci --offline` needs nothing but the npm
 * cache that installing the repository filled (a project without a lockfile would need each
 * package's registry metadata to choose versions, which that cache does not hold).
 */
export function lockForTarball(options: {
  rootLock: string;
  /** The workspace's folder in the repository, such as `server-bridge`. */
  workspace: string;
  /** The package's name, such as `@mm-mcp/server-bridge`. */
  name: string;
  /** The tarball's file name, next to the project's package.json. */
  tarball: string;
  /** The tarball's integrity (`npm pack --json`). */
  integrity: string;
}): { packageJson: object; lock: Lockfile } {
  const root = JSON.parse(readFileSync(options.rootLock, 'utf8')) as Lockfile;
  const from = root.packages;
  const spec = `file:${options.tarball}`;
  const placed = `node_modules/${options.name}`;
  /** A path of the repository's tree as it lies in the new project. */
  const moved = (path: string) =>
    path === options.workspace || path.startsWith(`${options.workspace}/`)
      ? placed + path.slice(options.workspace.length)
      : path;
  /** Where npm finds `dep` for the package at `path`: its own node_modules, then each parent's. */
  const locate = (path: string, dep: string): string | undefined => {
    let base = path;
    for (;;) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${dep}`;
      if (from[candidate] && !from[candidate]!.link) return candidate;
      if (!base) return undefined;
      const cut = base.lastIndexOf('/node_modules/');
      base = cut >= 0 ? base.slice(0, cut) : '';
    }
  };
  const packages: Record<string, LockEntry> = {
    '': { name: 'client', dependencies: { [options.name]: spec } },
  };
  const pending = [options.workspace];
  while (pending.length) {
    const path = pending.pop()!;
    const target = moved(path);
    if (packages[target]) continue;
    const entry = from[path]!;
    const { dev: _dev, devDependencies: _devDeps, ...kept } = entry;
    packages[target] =
      path === options.workspace ? { ...kept, resolved: spec, integrity: options.integrity } : kept;
    const optional = new Set(Object.keys(entry.optionalDependencies ?? {}));
    for (const dep of Object.keys({
      ...entry.dependencies,
      ...entry.optionalDependencies,
      ...entry.peerDependencies,
    })) {
      const found = locate(path, dep);
      if (found) pending.push(found);
      else if (!optional.has(dep) && !entry.peerDependencies?.[dep])
        throw new Error(`${dep}, needed by ${path || 'the root'}, is not in the lockfile`);
    }
  }
  return {
    packageJson: { name: 'client', private: true, dependencies: { [options.name]: spec } },
    lock: { name: 'client', lockfileVersion: root.lockfileVersion, packages },
  };
}
