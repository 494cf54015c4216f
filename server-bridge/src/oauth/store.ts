import { LRUCache } from 'lru-cache';

/** What the authorization server keeps, each kind under its own keys. */
export type RecordKind =
  | 'client'
  | 'request'
  | 'upstream_state'
  | 'code'
  | 'used_code'
  | 'grant'
  | 'access_token'
  | 'refresh_token'
  | 'used_refresh_token';

/**
 * Where grants, clients and tokens live: opaque sealed strings under digest keys, each with a
 * lifetime. The in-memory store below serves one bridge process; a shared store (Redis: SET with
 * PX, GETDEL for `take`) implements the same four calls for several.
 */
export interface OAuthStore {
  get(kind: RecordKind, key: string): Promise<string | undefined>;
  set(kind: RecordKind, key: string, value: string, ttlMs: number): Promise<void>;
  /** Reads and removes in one step: a code or refresh token is used exactly once. */
  take(kind: RecordKind, key: string): Promise<string | undefined>;
  delete(kind: RecordKind, key: string): Promise<void>;
}

/** One bounded LRU per kind; the oldest entries go first when a kind is full. */
export class MemoryOAuthStore implements OAuthStore {
  private readonly kinds = new Map<RecordKind, LRUCache<string, string>>();

  constructor(private readonly maxPerKind: number) {}

  private kind(kind: RecordKind): LRUCache<string, string> {
    let cache = this.kinds.get(kind);
    if (!cache) {
      cache = new LRUCache<string, string>({ max: this.maxPerKind, ttlAutopurge: false });
      this.kinds.set(kind, cache);
    }
    return cache;
  }

  async get(kind: RecordKind, key: string): Promise<string | undefined> {
    return this.kind(kind).get(key);
  }

  async set(kind: RecordKind, key: string, value: string, ttlMs: number): Promise<void> {
    this.kind(kind).set(key, value, { ttl: Math.max(1, Math.round(ttlMs)) });
  }

  async take(kind: RecordKind, key: string): Promise<string | undefined> {
    const cache = this.kind(kind);
    const value = cache.get(key);
    if (value !== undefined) cache.delete(key);
    return value;
  }

  async delete(kind: RecordKind, key: string): Promise<void> {
    this.kind(kind).delete(key);
  }
}
