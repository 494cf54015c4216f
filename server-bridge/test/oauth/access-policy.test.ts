// The access policy token_role decides who may connect at all: people who sign in with Mattermost
// (OAuth) are held to it too, and told what to ask for. Real HTTP against the bridge and simulator.
import { describe, expect, it } from '@jest/globals';
import { useOAuthStack } from '../helpers/oauth-fixture.js';
import { registerClient, signInForTokens } from '../helpers/oauth-flow.js';
import { postInitialize } from '../helpers/mcp-http.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

const stack = useOAuthStack({ BRIDGE_ACCESS_POLICY: 'token_role' });

describe('token_role and OAuth sign-ins', () => {
  it('refuses a person without the role with a 403 saying what to ask the admin', async () => {
    const person = await stack.createUser('norole');
    const clientId = await registerClient(stack.bridge.url, REDIRECT);
    const tokens = await signInForTokens(stack, { clientId, redirectUri: REDIRECT }, person);
    const response = await postInitialize(stack.bridge.url, tokens.access_token, 'fetch');
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe('access_denied');
    expect(body.error_description).toContain(`@${person.username}`);
    expect(body.error_description).toContain('signed in with Mattermost');
    expect(body.error_description).toContain('system_user_access_token');
    expect(body.error_description).toContain('Ask your Mattermost system admin');
    expect(body.error_description).not.toContain(tokens.access_token);
  }, 30_000);

  it('lets the same person in once an admin grants the role', async () => {
    const person = await stack.createUser('withrole');
    await stack.admin.updateUserRoles(person.id, 'system_user system_user_access_token');
    const clientId = await registerClient(stack.bridge.url, REDIRECT);
    const tokens = await signInForTokens(stack, { clientId, redirectUri: REDIRECT }, person);
    const response = await postInitialize(stack.bridge.url, tokens.access_token, 'fetch');
    await response.arrayBuffer();
    expect(response.status).toBe(200);
  }, 30_000);
});
