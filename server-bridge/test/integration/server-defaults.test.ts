// The bridge end to end on a Mattermost left at its defaults (personal access tokens off, collapsed
// threads always on): what a person is told when Mattermost refuses their token, over HTTP and
// stdio, and that an admin turning tokens on through the REST API is all it takes.
import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableFeatures } from '@mm-mcp/simulator';
import { postInitialize } from '../helpers/mcp-http.js';
import { callTool, startStack, uniqueName, type Client4, type Stack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

jest.setTimeout(120_000);

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');

let stack: Stack;
let admin: Client4;

beforeAll(async () => {
  // Nothing turned on: the server as it ships. Verified tokens are not cached, so every new
  // connection asks Mattermost.
  stack = await startStack({ BRIDGE_TOKEN_CACHE_TTL_MS: '1' }, { features: {} });
  admin = stack.rest(stack.sim.admin);
});

afterAll(async () => {
  await stack?.stop();
});

/** A person with the token role; their token is made while the admin briefly turns tokens on. */
async function personWithToken(prefix: string, expiresAt?: number) {
  const username = uniqueName(prefix);
  const user = await admin.createUser(
    { username, email: `${username}@example.com`, password: 'Password-1234!' } as never,
    '',
    '',
  );
  await admin.updateUserRoles(user.id, 'system_user system_user_access_token');
  await enableFeatures(admin, { personalAccessTokens: true });
  try {
    const res = await fetch(`${stack.sim.url}/api/v4/users/${user.id}/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.sim.admin.token}` },
      body: JSON.stringify({ description: 'AI assistant', expires_at: expiresAt }),
    });
    const made = (await res.json()) as { id: string; token: string };
    return { id: user.id, username, tokenId: made.id, token: made.token };
  } finally {
    await enableFeatures(admin, { personalAccessTokens: false });
  }
}

/** What `/mcp` answers a client initialising with `token`. */
async function initialize(token: string) {
  const res = await postInitialize(stack.bridge.url, token, 'defaults-test');
  const text = await res.text();
  return { status: res.status, text, header: res.headers.get('www-authenticate') ?? '' };
}

/** What the stdio bridge prints when it cannot start with `token`. */
function runStdio(token: string) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [cli, '--stdio'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          LOG_LEVEL: 'silent',
          MATTERMOST_URL: stack.sim.url,
          MATTERMOST_TOKEN: token,
        },
        timeout: 50_000,
      },
      (err, _stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr }),
    ).stdin?.end();
  });
}

describe('a default Mattermost', () => {
  it('tells a person that personal access tokens are off and whom to ask, on HTTP and stdio', async () => {
    const dana = await personWithToken('dana');
    const answer = await initialize(dana.token);
    expect(answer.status).toBe(401);
    expect(answer.header).toContain('invalid_token');
    const body = JSON.parse(answer.text) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_token');
    expect(body.error_description).toContain('personal access tokens are turned off');
    expect(body.error_description).toContain('Ask your Mattermost system admin');
    expect(answer.text).not.toContain(dana.token);

    const stdio = await runStdio(dana.token);
    expect(stdio.code).toBe(1);
    expect(stdio.stderr).toContain('MATTERMOST_TOKEN was refused');
    expect(stdio.stderr).toContain('personal access tokens are turned off');
    expect(stdio.stderr).not.toContain(dana.token);
  });

  it('works once an admin turns personal access tokens on, and says when a token is revoked', async () => {
    const erin = await personWithToken('erin');
    await enableFeatures(admin, { personalAccessTokens: true });
    try {
      const client = await stack.connect(erin.token);
      const me = await callTool(client, 'get_me');
      expect(me.structuredContent?.username).toBe(erin.username);

      await admin.revokeUserAccessToken(erin.tokenId);
      const answer = await initialize(erin.token);
      expect(answer.status).toBe(401);
      expect(answer.text).toContain('no longer accepts this token');
      expect(answer.text).toContain('revoked');
      expect(answer.text).toContain('Create a new personal access token');

      // A token this bridge never saw work.
      const stranger = await initialize('abcdefghijklmnopqrstuvwxyz');
      expect(stranger.status).toBe(401);
      expect(stranger.text).toContain('does not accept this token');

      const stdio = await runStdio(erin.token);
      expect(stdio.code).toBe(1);
      expect(stdio.stderr).toContain('revoked');
    } finally {
      await enableFeatures(admin, { personalAccessTokens: false });
    }
  });

  it('says a token that worked and then expired is no longer accepted', async () => {
    const fay = await personWithToken('fay', Date.now() + 3000);
    await enableFeatures(admin, { personalAccessTokens: true });
    try {
      expect((await initialize(fay.token)).status).toBe(200);
      const answer = await waitFor(
        'the expired token to be refused',
        async () => {
          const reply = await initialize(fay.token);
          return reply.status === 401 ? reply : undefined;
        },
        20_000,
      );
      expect(answer.status).toBe(401);
      expect(answer.text).toContain('no longer accepts this token');
      expect(answer.text).toContain('expired');
    } finally {
      await enableFeatures(admin, { personalAccessTokens: false });
    }
  });
});
