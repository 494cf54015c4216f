import { createClient } from '../../src/client/client';
import { ApiError, describeError, NetworkError } from '../../src/client/errors';
import { pageSiteUrl } from '../../src/client/site-url';
import { fakeFetch, mattermostError, UNREACHABLE } from '../support/fake-fetch';

const SITE = 'https://chat.example.com/team-chat';

function clientWith(routes: Parameters<typeof fakeFetch>[0], csrf?: string) {
  const fake = fakeFetch(routes);
  const client = createClient({ siteUrl: `${SITE}/`, fetch: fake.fetch, readCookie: () => csrf });
  return { fake, client };
}

describe('client', () => {
  test('calls the REST API under the site URL with the webapp headers and the session cookie', async () => {
    const { fake, client } = clientWith(
      { 'GET /team-chat/api/v4/users/me': () => ({ body: { id: 'u1' } }) },
      'c1',
    );
    await expect(client.get('/users/me')).resolves.toEqual({ id: 'u1' });
    const [request] = fake.requests;
    expect(request?.url).toBe(`${SITE}/api/v4/users/me`);
    expect(request?.headers['X-Requested-With']).toBe('XMLHttpRequest');
    expect(request?.headers['X-CSRF-Token']).toBeUndefined();
    expect(request?.credentials).toBe('include');
  });

  test('sends the MMCSRF cookie as X-CSRF-Token on writes, and JSON bodies', async () => {
    const { fake, client } = clientWith(
      {
        'POST /team-chat/api/v4/bots': () => ({ status: 201, body: { user_id: 'b1' } }),
        'PUT /team-chat/api/v4/users/b1/roles': () => ({ body: { status: 'OK' } }),
      },
      'csrf-token',
    );
    await client.post('/bots', { username: 'x' });
    await client.put('/users/b1/roles', { roles: 'system_user' });
    for (const request of fake.requests) {
      expect(request.headers['X-CSRF-Token']).toBe('csrf-token');
      expect(request.headers['Content-Type']).toBe('application/json');
    }
    expect(fake.requests[0]?.body).toEqual({ username: 'x' });
  });

  test("turns Mattermost's error body into an ApiError with status, id and message", async () => {
    const { client } = clientWith({
      'POST /team-chat/api/v4/users/me/tokens': () =>
        mattermostError(
          501,
          'api.user.create_user_access_token.disabled',
          'Personal access tokens are disabled.',
        ),
    });
    const error = await client.post('/users/me/tokens', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 501,
      id: 'api.user.create_user_access_token.disabled',
      path: '/users/me/tokens',
    });
    expect(describeError(error)).toBe('Personal access tokens are disabled. (HTTP 501).');
  });

  test('an error without a JSON body still says what happened', async () => {
    const { client } = clientWith({
      'GET /team-chat/api/v4/x': () => ({ status: 502, text: '<html>Bad gateway</html>' }),
    });
    await expect(client.get('/x')).rejects.toMatchObject({
      status: 502,
      message: 'Mattermost answered 502',
    });
  });

  test('a connection failure is a NetworkError naming the site', async () => {
    const { client } = clientWith({ 'GET /team-chat/api/v4/users/me': () => UNREACHABLE });
    const error = await client.get('/users/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain(SITE);
  });

  test('sends a Bearer token only when one is configured', async () => {
    const fake = fakeFetch({ 'GET /api/v4/users/me': () => ({ body: {} }) });
    await createClient({
      siteUrl: 'http://127.0.0.1:8065',
      fetch: fake.fetch,
      authToken: 'tok',
    }).get('/users/me');
    expect(fake.requests[0]?.headers.Authorization).toBe('Bearer tok');
  });

  test('getExternal omits cookies and gives up after its time limit', async () => {
    const fake = fakeFetch({});
    const slow = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      })) as unknown as typeof fetch;
    const client = createClient({ siteUrl: SITE, fetch: slow });
    const error = await client
      .getExternal('https://mcp.example.com/health', 50)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe(
      'Could not reach https://mcp.example.com/health (no answer within 0.05 s)',
    );

    const quick = createClient({ siteUrl: SITE, fetch: fake.fetch });
    await quick.getExternal('https://mcp.example.com/health');
    expect(fake.requests[0]?.credentials).toBe('omit');
    expect(fake.requests[0]?.headers['X-Requested-With']).toBeUndefined();
  });

  test('the page site URL is the origin plus the subpath Mattermost runs under', () => {
    expect(pageSiteUrl({ location: { origin: 'https://chat.example.com' } })).toBe(
      'https://chat.example.com',
    );
    expect(pageSiteUrl({ location: { origin: 'https://example.com' }, basename: '/chat/' })).toBe(
      'https://example.com/chat',
    );
  });
});
