import { MemoryOAuthStore, type OAuthStore, type RecordKind } from '../oauth/store.js';
import type { RedisLink } from './redis-link.js';

/**
 * OAuth clients, grants and tokens shared by a cluster's bridges: a token issued by one bridge
 * works on every other, and a revocation on one ends it on all. Values are the sealed strings the
 * authorization server hands over (Redis holds no readable token; keys are digests), each under a
 * time to live (`SET … PX`); codes and refresh tokens are taken with `GETDEL`, so one is used
 * exactly once across the cluster.
 *
 * Each bridge keeps its own copy of what it wrote. While Redis is away it serves from that copy,
 * so people signed in through this bridge keep working; what other bridges wrote meanwhile is not
 * seen, and a code or refresh token could be used once on each bridge until Redis returns. Once
 * Redis answers again it is the one source, so a revocation made elsewhere holds.
 */
export class RedisOAuthStore implements OAuthStore {
  private readonly local: MemoryOAuthStore;

  constructor(
    private readonly link: RedisLink,
    maxPerKind: number,
    private readonly onFallback: () => void = () => {},
  ) {
    this.local = new MemoryOAuthStore(maxPerKind);
  }

  private key(kind: RecordKind, key: string): string {
    return this.link.key('oauth', kind, key);
  }

  /** Runs `shared` on Redis while it is up; otherwise (or when it fails) `alone` on the copy. */
  private async either<T>(shared: () => Promise<T>, alone: () => Promise<T>): Promise<T> {
    if (this.link.status !== 'up') {
      this.onFallback();
      return alone();
    }
    try {
      return await shared();
    } catch {
      this.onFallback();
      return alone();
    }
  }

  async get(kind: RecordKind, key: string): Promise<string | undefined> {
    return this.either(
      async () => (await this.link.commands.get(this.key(kind, key))) ?? undefined,
      () => this.local.get(kind, key),
    );
  }

  async set(kind: RecordKind, key: string, value: string, ttlMs: number): Promise<void> {
    await this.local.set(kind, key, value, ttlMs);
    const ms = Math.max(1, Math.round(ttlMs));
    await this.either(
      async () => void (await this.link.commands.set(this.key(kind, key), value, 'PX', ms)),
      async () => undefined,
    );
  }

  async take(kind: RecordKind, key: string): Promise<string | undefined> {
    const mine = await this.local.take(kind, key);
    return this.either(
      async () => (await this.link.commands.getdel(this.key(kind, key))) ?? undefined,
      async () => mine,
    );
  }

  async delete(kind: RecordKind, key: string): Promise<void> {
    await this.local.delete(kind, key);
    await this.either(
      async () => void (await this.link.commands.del(this.key(kind, key))),
      async () => undefined,
    );
  }
}
