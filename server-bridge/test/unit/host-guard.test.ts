import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { allowedHostnames, hostGuard } from '../../src/http/guards.js';
import { requestContext, requestPath } from '../../src/http/request-context.js';
import { createLogger } from '../../src/observability/logger.js';

/** A GET with a Host header of our choosing (fetch would set its own). */
function get(port: number, host: string, path = '/ok'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(5000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('hostGuard', () => {
  let server: Server;
  let port: number;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const log = createLogger({
      level: 'debug',
      destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    const app = express();
    app.use(requestContext(log));
    app.use(hostGuard(allowedHostnames('0.0.0.0', 'http://localhost:8080', ['nginx']), log));
    app.get('/ok', (_req, res) => void res.send('ok'));
    const hooks = express.Router();
    hooks.post('/', (_req, res) => void res.send('hook'));
    app.use('/hooks/outgoing', hooks);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => void lines.splice(0));

  const refusals = () => lines.filter((line) => String(line.msg).includes('Invalid Host'));

  it('lets allowed names through and logs nothing at warn', async () => {
    expect(await get(port, 'nginx:8080')).toBe(200);
    expect(await get(port, 'localhost:8080')).toBe(200);
    expect(refusals()).toEqual([]);
  });

  it('refuses another Host with 403 and warns once per name, with the fix', async () => {
    for (let i = 0; i < 3; i++) expect(await get(port, 'bridge-9:8080')).toBe(403);
    expect(await get(port, 'other.example.com')).toBe(403);
    const warned = refusals();
    expect(warned.map((line) => line.host)).toEqual(['bridge-9:8080', 'other.example.com']);
    expect(warned[0]!.level).toBe(40);
    expect(String(warned[0]!.msg)).toMatch(/BRIDGE_PUBLIC_URL.*BRIDGE_ALLOWED_HOSTS/);
    expect(warned[0]!.allowed_hosts).toEqual(expect.arrayContaining(['nginx', 'localhost']));
  });

  it('stops logging after a bounded number of distinct names', async () => {
    for (let i = 0; i < 60; i++) expect(await get(port, `flood-${i}.example.com`)).toBe(403);
    const warned = refusals();
    expect(warned.length).toBeLessThanOrEqual(32);
    expect(warned.length).toBeGreaterThan(0);
    expect(warned.at(-1)!.further_hosts).toBe('not logged');
  });

  it('logs the path the client asked for, without its query string', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: '/hooks/outgoing?token=s3cret' },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    const logged = lines.find((line) => line.msg === 'http request');
    expect(logged?.path).toBe('/hooks/outgoing');
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });
});

describe('requestPath', () => {
  it('drops the query string and fragment', () => {
    expect(requestPath('/hooks/outgoing?token=x')).toBe('/hooks/outgoing');
    expect(requestPath('/a#b')).toBe('/a');
    expect(requestPath('?x')).toBe('/');
  });
});
