import type { GatewayCaches, ObjectCache } from './caches.js';
import type { Client4 } from './mattermost-client.js';
import type { UpstreamCaller } from './upstream.js';
import { MattermostError } from '../errors.js';

/** The caches whose copies of an object a write makes stale, by the object's id. */
export type Forget = Partial<Record<ObjectCache, string>>;

export interface WriteOptions {
  /** A write that gives the same state when repeated may be retried; any other runs exactly once. */
  idempotent: boolean;
  /**
   * Every viewer's copy of these objects is dropped once the write ends, whether it answered or
   * not (a write that timed out may still have happened), and so are the cluster's names of them.
   */
  forget?: Forget;
}

/** A write that gives the same state when repeated, and makes no cached object stale. */
export const REPEATABLE: WriteOptions = { idempotent: true };
/** A write that must run exactly once, and makes no cached object stale. */
export const RUN_ONCE: WriteOptions = { idempotent: false };

/** How a domain's operations reach Mattermost as one user: every call names its operation. */
export interface UserCalls {
  readonly userId: string;
  /** A read: retried on transient faults. The operation name labels the metrics. */
  read<T>(operation: string, fn: (client: Client4) => Promise<T>): Promise<T>;
  /** A change: retried only when `idempotent`. */
  write<T>(
    operation: string,
    fn: (client: Client4) => Promise<T>,
    options: WriteOptions,
  ): Promise<T>;
  readonly caches: GatewayCaches;
}

/**
 * Writes that change one object each, named by its id: once a write ends, every viewer's copy of
 * that object in `cache` is stale.
 */
export function writesTo(write: UserCalls['write'], cache: keyof Forget) {
  return <T>(
    operation: string,
    id: string,
    options: WriteOptions,
    fn: (client: Client4) => Promise<T>,
  ): Promise<T> => write(operation, fn, { ...options, forget: { [cache]: id } });
}

/** Mattermost rejects more ids than this in one `POST /users/ids` (and the other bulk lookups). */
export const MAX_IDS_PER_REQUEST = 200;

/** Runs a bulk lookup in chunks Mattermost accepts, in order. */
export async function inChunks<I, O>(
  items: readonly I[],
  fetchChunk: (chunk: I[]) => Promise<O[]>,
): Promise<O[]> {
  const found: O[] = [];
  for (let start = 0; start < items.length; start += MAX_IDS_PER_REQUEST) {
    found.push(...(await fetchChunk(items.slice(start, start + MAX_IDS_PER_REQUEST))));
  }
  return found;
}

export function userCalls(
  userId: string,
  client: Client4,
  upstream: UpstreamCaller,
  caches: GatewayCaches,
  /** Called when Mattermost refuses the token, so the next request verifies it again. */
  onUnauthorized: () => void,
): UserCalls {
  async function run<T>(
    operation: string,
    retry: boolean,
    fn: (client: Client4) => Promise<T>,
  ): Promise<T> {
    try {
      return await upstream.call(userId, operation, retry, () => fn(client));
    } catch (err) {
      if (err instanceof MattermostError && err.status === 401) onUnauthorized();
      throw err;
    }
  }
  return {
    userId,
    caches,
    read: (operation, fn) => run(operation, true, fn),
    async write(operation, fn, { idempotent, forget }) {
      try {
        return await run(operation, idempotent, fn);
      } finally {
        for (const [cache, id] of Object.entries(forget ?? {}) as [keyof Forget, string][])
          caches.forget(cache, id);
      }
    },
  };
}
