// OAuth across a cluster: a person signs in through one bridge and their assistant is served by
// any other; a refresh or a revocation on one bridge holds on all (grants and tokens in Redis).
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config.js';
import { startBridge, type RunningBridge } from '../../src/index.js';
import { startOAuthStack, type OAuthStack } from '../helpers/oauth.js';
import { mcpWith, registerClient, signInForTokens, tokenRequest } from '../helpers/oauth-flow.js';
import { redisAvailability, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { TEST_ENV } from '../helpers/stack.js';

const available = redisAvailability();
const itRedis = available.ok ? it : it.skip;
if (!available.ok) console.warn(`Skipping the cluster OAuth tests: ${available.message}`);

jest.setTimeout(60_000);

const REDIRECT = 'http://127.0.0.1:9/callback';

let redis: RedisServer;
let stack: OAuthStack;
/** A second bridge of the same cluster, behind the same public URL. */
let other: RunningBridge;
let clientId: string;
let person: { id: string; username: string };

beforeAll(async () => {
  if (!available.ok) return;
  redis = await startRedisServer();
  stack = await startOAuthStack({ REDIS_URL: redis.url, BRIDGE_OAUTH_GRANT_CHECK_MS: '0' });
  other = await startBridge(
    loadConfig({
      MATTERMOST_URL: stack.sim.url,
      ...TEST_ENV,
      REDIS_URL: redis.url,
      BRIDGE_PUBLIC_URL: stack.bridge.publicUrl,
      MATTERMOST_OAUTH_CLIENT_ID: stack.app.id,
      MATTERMOST_OAUTH_CLIENT_SECRET: stack.app.client_secret,
      BRIDGE_OAUTH_KEY: 'k'.repeat(40),
      BRIDGE_OAUTH_GRANT_CHECK_MS: '0',
    }),
  );
  person = await stack.createUser('clustered');
  clientId = await registerClient(stack.bridge.url, REDIRECT);
}, 60_000);

afterAll(async () => {
  await other?.stop(1000);
  await stack?.stop();
  await redis?.stop(true);
});

/** Signs the person in on the first bridge and redeems the code on the other, as a load balancer may. */
const signIn = () => signInForTokens(stack, { clientId, redirectUri: REDIRECT }, person, other.url);

itRedis('serves a person signed in through one bridge on every other', async () => {
  const tokens = await signIn();
  expect((await mcpWith(other.url, tokens.access_token)).status).toBe(200);
  expect((await mcpWith(stack.bridge.url, tokens.access_token)).status).toBe(200);
  // What Redis holds is sealed: no token, no Mattermost token, no person's name in the clear.
  const probe = new Redis(redis.url);
  try {
    const keys = await probe.keys('*oauth*');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).not.toContain(tokens.access_token);
      const value = (await probe.get(key)) ?? '';
      expect(value).not.toContain(tokens.refresh_token);
      expect(value).not.toContain(person.username);
      expect(await probe.pttl(key)).toBeGreaterThan(0);
    }
  } finally {
    probe.disconnect();
  }
});

itRedis('holds a refresh and a revocation made on one bridge on the others', async () => {
  const first = await signIn();
  const refreshed = await tokenRequest(other.url, {
    grant_type: 'refresh_token',
    refresh_token: first.refresh_token,
    client_id: clientId,
  });
  expect(refreshed.status).toBe(200);
  // The used refresh token is refused on the first bridge too, and that ends the grant.
  const replayed = await tokenRequest(stack.bridge.url, {
    grant_type: 'refresh_token',
    refresh_token: first.refresh_token,
    client_id: clientId,
  });
  expect(replayed.body.error).toBe('invalid_grant');
  expect((await mcpWith(other.url, refreshed.body.access_token!)).status).toBe(401);

  const second = await signIn();
  const revoked = await fetch(`${other.url}/oauth/revoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: second.refresh_token, client_id: clientId }),
  });
  expect(revoked.status).toBe(200);
  expect((await mcpWith(stack.bridge.url, second.access_token)).status).toBe(401);
});
