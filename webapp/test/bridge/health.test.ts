import { checkBridgeHealth, summarizeHealth } from '../../src/bridge/health';
import { createClient } from '../../src/client/client';
import { fakeFetch } from '../support/fake-fetch';

describe('bridge health from the page', () => {
  test('an https page never asks an http bridge: the browser would block it as mixed content', async () => {
    const fake = fakeFetch({});
    const client = createClient({ siteUrl: 'https://chat.example.com', fetch: fake.fetch });
    const check = await checkBridgeHealth(client, 'http://mcp.example.com');
    expect(check).toEqual({ kind: 'mixed-content' });
    expect(fake.requests).toHaveLength(0);
    expect(summarizeHealth(check).text).toMatch(/^Mixed content: this page is https/);
    expect(summarizeHealth(check, 'user').text).toContain('insecure (http) address');
  });

  test('an http page may ask an http bridge, and an unreachable one is reported as such', async () => {
    const client = createClient({
      siteUrl: 'http://127.0.0.1:8065',
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const check = await checkBridgeHealth(client, 'http://127.0.0.1:8787');
    expect(check.kind).toBe('unreachable');
    expect(summarizeHealth(check).text).toMatch(/^The bridge is unreachable\./);
  });
});
