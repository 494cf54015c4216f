import { z } from 'zod';
import { digest, type Sealer } from './crypto.js';
import type { OAuthStore, RecordKind } from './store.js';

/** What a grant allows: reading, or reading and writing (the preference contract's values). */
export const scopeSchema = z.enum(['read', 'read write']);
export type GrantScope = z.infer<typeof scopeSchema>;

const client = z.object({
  client_id: z.string(),
  client_name: z.string().optional(),
  redirect_uris: z.array(z.string()),
  client_id_issued_at: z.number(),
  /** Registered from a Client ID Metadata Document (its URL is the id), not by registration. */
  metadata_document: z.boolean(),
});

/** An authorization request between the consent page and Mattermost's callback. */
const request = z.object({
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  redirectUri: z.string(),
  state: z.string().optional(),
  codeChallenge: z.string(),
  scope: scopeSchema,
  resource: z.string(),
  /** Bound to the browser's consent cookie: the form and the callback must come from it. */
  csrf: z.string(),
});

const upstreamState = z.object({ requestId: z.string() });

const code = z.object({
  grantId: z.string(),
  clientId: z.string(),
  redirectUri: z.string(),
  codeChallenge: z.string(),
  resource: z.string(),
  scope: scopeSchema,
});

const grantRef = z.object({ grantId: z.string() });

const upstreamTokens = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Milliseconds since the epoch. */
  expiresAt: z.number(),
});

/** A person's consent to one client: the bridge's tokens all lead here, and to Mattermost's. */
const grant = z.object({
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  redirectHost: z.string(),
  userId: z.string(),
  scope: scopeSchema,
  resource: z.string(),
  createdAt: z.number(),
  upstream: upstreamTokens,
});

const accessToken = z.object({
  grantId: z.string(),
  clientId: z.string(),
  resource: z.string(),
  scope: scopeSchema,
  expiresAt: z.number(),
});

const refreshToken = z.object({
  grantId: z.string(),
  clientId: z.string(),
  resource: z.string(),
  scope: scopeSchema,
});

const SCHEMAS = {
  client,
  request,
  upstream_state: upstreamState,
  code,
  used_code: grantRef,
  grant,
  access_token: accessToken,
  refresh_token: refreshToken,
  used_refresh_token: grantRef,
} satisfies Record<RecordKind, z.ZodType>;

export type RecordOf<K extends RecordKind> = z.infer<(typeof SCHEMAS)[K]>;
export type ClientRecord = RecordOf<'client'>;
export type AuthorizationRequest = RecordOf<'request'>;
export type CodeRecord = RecordOf<'code'>;
export type Grant = RecordOf<'grant'>;
export type UpstreamTokens = z.infer<typeof upstreamTokens>;

/**
 * Typed, sealed access to the store: keys are digests of the ids and secrets, values JSON sealed
 * with the bridge's key and checked against their schema when read back.
 */
export class OAuthRecords {
  constructor(
    private readonly store: OAuthStore,
    private readonly sealer: Sealer,
  ) {}

  private decode<K extends RecordKind>(
    kind: K,
    sealed: string | undefined,
  ): RecordOf<K> | undefined {
    if (sealed === undefined) return undefined;
    const plain = this.sealer.open(sealed);
    if (plain === undefined) return undefined;
    try {
      const parsed = SCHEMAS[kind].safeParse(JSON.parse(plain));
      return parsed.success ? (parsed.data as RecordOf<K>) : undefined;
    } catch {
      return undefined;
    }
  }

  async get<K extends RecordKind>(kind: K, key: string): Promise<RecordOf<K> | undefined> {
    return this.decode(kind, await this.store.get(kind, digest(key)));
  }

  async take<K extends RecordKind>(kind: K, key: string): Promise<RecordOf<K> | undefined> {
    return this.decode(kind, await this.store.take(kind, digest(key)));
  }

  async put<K extends RecordKind>(
    kind: K,
    key: string,
    value: RecordOf<K>,
    ttlMs: number,
  ): Promise<void> {
    await this.store.set(kind, digest(key), this.sealer.seal(JSON.stringify(value)), ttlMs);
  }

  async delete(kind: RecordKind, key: string): Promise<void> {
    await this.store.delete(kind, digest(key));
  }
}
