import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { startSimulator, type Simulator } from '../src/index.js';
import { clientFor } from './support/core.js';

const ADMIN_PASSWORD = 'Sys@dmin-sample1';

// What every response looks like on the wire, and the ways a request may authenticate.
describe('HTTP contract', () => {
  let sim: Simulator;
  let api: string;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 'empty' });
    api = `${sim.url}/api/v4`;
  });

  afterAll(async () => {
    await sim?.stop();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('sends exactly application/json with request and version ids on every answer', async () => {
    const answers = await Promise.all([
      fetch(`${api}/system/ping`),
      fetch(`${api}/users/me`, { headers: bearer(sim.admin.token) }),
      fetch(`${api}/users/me`),
      fetch(`${api}/no/such/route`, { headers: bearer(sim.admin.token) }),
      fetch(`${api}/teams`, {
        method: 'POST',
        headers: bearer(sim.admin.token),
        body: '{"name":"t1","display_name":"T1"}',
      }),
      fetch(`${api}/posts`, {
        method: 'POST',
        headers: bearer(sim.admin.token),
        body: '{not json',
      }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 401, 404, 201, 400]);
    for (const r of answers) {
      expect(r.headers.get('content-type')).toBe('application/json');
      expect(r.headers.get('x-request-id')).toMatch(/^[a-z0-9]{26}$/);
      expect(r.headers.get('x-version-id')).toMatch(/^\d+\.\d+\.\d+\./);
    }
  });

  it('reports errors with Mattermost’s fields', async () => {
    const r = await fetch(`${api}/users/me`);
    const body = (await r.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'detailed_error',
      'id',
      'message',
      'request_id',
      'status_code',
    ]);
    expect(body['status_code']).toBe(401);
    expect(body['request_id']).toBe(r.headers.get('x-request-id'));
  });

  it('accepts the token as Bearer and Token, and in the URL only from OAuth apps', async () => {
    const ok = async (init: RequestInit, query = '') =>
      (await fetch(`${api}/users/me${query}`, init)).status;
    expect(await ok({ headers: { Authorization: `Token ${sim.admin.token}` } })).toBe(200);
    expect(await ok({ headers: { Authorization: `bearer ${sim.admin.token}` } })).toBe(200);
    expect(await ok({}, `?access_token=${sim.admin.token}`)).toBe(401);
  });

  it('logs in with the Token header and cookies; cookie writes need CSRF or X-Requested-With', async () => {
    const login = await fetch(`${api}/users/login`, {
      method: 'POST',
      body: JSON.stringify({ login_id: 'sysadmin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const token = login.headers.get('token')!;
    expect(token).toMatch(/^[a-z0-9]{26}$/);
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = cookies.find((c) => c.startsWith('MMCSRF='))!.slice('MMCSRF='.length);
    const cookie = cookies.join('; ');
    expect(cookie).toContain(`MMAUTHTOKEN=${token}`);

    expect((await fetch(`${api}/users/me`, { headers: { Cookie: cookie } })).status).toBe(200);
    const patch = (headers: Record<string, string>) =>
      fetch(`${api}/users/me/patch`, {
        method: 'PUT',
        headers: { Cookie: cookie, ...headers },
        body: '{"nickname":"root"}',
      });
    expect((await patch({})).status).toBe(401);
    expect((await patch({ 'X-Requested-With': 'XMLHttpRequest' })).status).toBe(200);
    expect((await patch({ 'X-CSRF-Token': csrf })).status).toBe(200);
    expect((await patch({ 'X-CSRF-Token': 'wrong' })).status).toBe(401);

    const bad = await fetch(`${api}/users/login`, {
      method: 'POST',
      body: JSON.stringify({ login_id: 'sysadmin', password: 'nope' }),
    });
    expect(bad.status).toBe(401);

    await fetch(`${api}/users/logout`, { method: 'POST', headers: bearer(token) });
    expect((await fetch(`${api}/users/me`, { headers: bearer(token) })).status).toBe(401);
  });

  it('is read by Client4 as data, not text', async () => {
    const client = clientFor(sim.url, sim.admin.token);
    const me = await client.getMe();
    expect(typeof me).toBe('object');
    expect(me.username).toBe('sysadmin');
    const ping = await client.ping(false);
    expect(ping.status).toBe('OK');
    const config = await client.getClientConfig();
    expect(config.SiteURL).toBe(sim.url);
    // A fresh server's defaults.
    expect(config.EnableUserAccessTokens).toBe('false');
  });
});
