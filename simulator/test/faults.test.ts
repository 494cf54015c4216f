import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';

import { LiveClient } from './support/live-client.js';
import { eventually, startWorkspace, type Workspace } from './support/workspace.js';

let w: Workspace;

beforeAll(async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  w = await startWorkspace();
});

afterEach(() => {
  w.sim.faults.clear();
});

afterAll(async () => {
  await w.stop();
});

const me = (token: string) =>
  fetch(`${w.sim.url}/api/v4/users/me`, { headers: { Authorization: `Bearer ${token}` } });

const control = (path: string, token: string, body: unknown = {}) =>
  fetch(`${w.sim.url}/api/v4/simulator/${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('faults through the Node API', () => {
  it('adds latency to API requests', async () => {
    w.sim.faults.set({ latency_ms: 150 });
    const started = Date.now();
    expect((await me(w.alice.token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    w.sim.faults.clear();
    const again = Date.now();
    await me(w.alice.token);
    expect(Date.now() - again).toBeLessThan(140);
  });

  it('fails API requests with 500 or 503 and Mattermost error JSON at the error rate', async () => {
    w.sim.faults.set({ error_rate: 1 });
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const res = await me(w.alice.token);
      statuses.add(res.status);
      expect(res.headers.get('content-type')).toBe('application/json');
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        id: expect.any(String),
        message: expect.any(String),
        status_code: res.status,
      });
      expect(body.request_id).toBe(res.headers.get('x-request-id'));
    }
    expect([...statuses].sort()).toEqual([500, 503]);
    await expect(w.alice.client.getMe()).rejects.toMatchObject({ status_code: expect.any(Number) });

    w.sim.faults.set({ error_rate: 0.5 });
    let failed = 0;
    for (let i = 0; i < 200; i++) if ((await me(w.alice.token)).status >= 500) failed++;
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
  });

  it('rate limits per client with 429 and the rate-limit headers', async () => {
    w.sim.faults.set({ rate_limit_per_second: 5 });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await me(w.alice.token));
    expect(answers.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('5');
    expect(answers[0]!.headers.get('x-ratelimit-remaining')).toBe('4');
    expect(answers[0]!.headers.get('x-ratelimit-reset')).toBe('1');
    const refused = answers[5]!;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await refused.json()).toMatchObject({ status_code: 429 });
    // Another user has their own allowance.
    expect((await me(w.bob.token)).status).toBe(200);
    // Her allowance refills with time: she is let in again once it has.
    await eventually(async () => ((await me(w.alice.token)).status === 200 ? true : undefined));
    w.sim.faults.clear();
    const free = await me(w.alice.token);
    expect(free.headers.get('x-ratelimit-limit')).toBeNull();
  });
});

describe('simulator endpoints', () => {
  it('switch faults for admins only, and are themselves never faulted', async () => {
    expect((await control('faults', w.alice.token, { error_rate: 1 })).status).toBe(403);
    const set = await control('faults', w.admin.token, { error_rate: 1, rate_limit_per_second: 1 });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ status: 'OK' });
    expect((await me(w.alice.token)).status).toBeGreaterThanOrEqual(429);
    expect((await control('faults', w.admin.token, { error_rate: 2 })).status).toBe(400);
    expect((await control('faults', w.admin.token, {})).status).toBe(200);
    expect((await me(w.alice.token)).status).toBe(200);
  });

  it('drop WebSockets so that clients resume, and restart with new connection ids', async () => {
    expect((await control('websockets/drop', w.alice.token)).status).toBe(403);
    const alice = await new LiveClient(w.sim.url, w.alice, 100).connect();
    try {
      const first = String(alice.hellos()[0]!.data.connection_id);
      expect((await control('websockets/drop', w.admin.token)).status).toBe(200);
      await w.bob.client.createPost({ channel_id: w.town.id, message: 'while dropped' } as never);
      await eventually(() => (alice.postedMessages().includes('while dropped') ? true : undefined));
      expect(alice.hellos()).toHaveLength(1);

      expect((await control('restart', w.alice.token)).status).toBe(403);
      expect((await control('restart', w.admin.token)).status).toBe(200);
      await eventually(() => alice.hellos()[1], 8000);
      expect(alice.hellos()[1]!.data.connection_id).not.toBe(first);
      // Data survives the restart.
      expect((await w.alice.client.getMe()).username).toBe('alice');
    } finally {
      alice.close();
    }
  });
});
