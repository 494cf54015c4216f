import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withInputRequired } from '@modelcontextprotocol/client';
import { z } from 'zod';
import { connectEra, type EraClient } from '../helpers/eras.js';
import {
  freshWorkspace,
  startStack,
  TEST_ENV,
  type Stack,
  type Workspace,
} from '../helpers/stack.js';

/**
 * The confirmation's round trip as a 2026-07-28 client drives it by hand: the ticket the bridge
 * seals covers one user, one tool and its exact arguments, and nothing else.
 */
let stack: Stack;
let ws: Workspace;
let alice: EraClient;
let bob: EraClient;

beforeAll(async () => {
  stack = await startStack({ ...TEST_ENV, BRIDGE_TOOLSETS: 'core,posts' });
  ws = await freshWorkspace(stack);
  const connect = (token: string) =>
    connectEra({ era: '2026-07-28', wire: 'http', token, bridgeUrl: stack.bridge.url });
  alice = await connect(ws.alice.token);
  bob = await connect(ws.bob.token);
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([alice?.close(), bob?.close()]);
  await stack?.stop();
});

const answer = z.looseObject({});
type Answer = {
  resultType?: string;
  isError?: boolean;
  requestState?: string;
  inputRequests?: Record<string, { method: string; params?: { message?: string } }>;
};

/** One tools/call of delete_post, as sent, without the client answering for the user. */
function deletePost(
  c: EraClient,
  postId: string,
  extra: { requestState?: string; inputResponses?: Record<string, unknown> } = {},
): Promise<Answer> {
  return c.client.request(
    {
      method: 'tools/call',
      params: { name: 'delete_post', arguments: { post_id: postId }, ...extra },
    },
    withInputRequired(answer),
    { allowInputRequired: true },
  ) as Promise<Answer>;
}

const ACCEPT = { confirm: { action: 'accept', content: { confirm: true } } };

async function newPost(message: string): Promise<string> {
  return (await stack.rest(ws.alice).createPost({ channel_id: ws.channel.id, message } as never))
    .id;
}

async function exists(id: string): Promise<boolean> {
  return stack
    .rest(ws.alice)
    .getPost(id)
    .then(
      (p) => !p.delete_at,
      () => false,
    );
}

describe('confirmation tickets (2026-07-28)', () => {
  it('asks with a form and a sealed ticket, and deletes on the answer to that question', async () => {
    const id = await newPost('ticket for me');
    const asked = await deletePost(alice, id);
    expect(asked.resultType).toBe('input_required');
    expect(asked.inputRequests?.confirm?.method).toBe('elicitation/create');
    expect(asked.inputRequests?.confirm?.params?.message).toContain(id);
    expect(typeof asked.requestState).toBe('string');
    expect(await exists(id)).toBe(true);
    const done = await deletePost(alice, id, {
      requestState: asked.requestState!,
      inputResponses: ACCEPT,
    });
    expect(done.resultType).not.toBe('input_required');
    expect(done.isError).toBeFalsy();
    expect(await exists(id)).toBe(false);
  });

  it('does not honour a ticket for other arguments, a changed ticket, or another user’s', async () => {
    const asked = await newPost('asked about');
    const other = await newPost('never asked about');
    const { requestState } = await deletePost(alice, asked);
    // The answer to one question does not delete another post: the bridge asks again.
    const again = await deletePost(alice, other, {
      requestState: requestState!,
      inputResponses: ACCEPT,
    });
    expect(again.resultType).toBe('input_required');
    expect(await exists(other)).toBe(true);
    // A ticket changed on its way is refused.
    const forged = `${requestState!.slice(0, -2)}${requestState!.endsWith('A') ? 'BB' : 'AA'}`;
    await expect(
      deletePost(alice, asked, { requestState: forged, inputResponses: ACCEPT }),
    ).rejects.toThrow(/Invalid or expired requestState/);
    // Alice's ticket is nothing to Bob.
    await expect(
      deletePost(bob, asked, { requestState: requestState!, inputResponses: ACCEPT }),
    ).rejects.toThrow(/Invalid or expired requestState/);
    expect(await exists(asked)).toBe(true);
  });

  it('keeps the post when the answer is a decline', async () => {
    const id = await newPost('keep me');
    const { requestState } = await deletePost(alice, id);
    const declined = await deletePost(alice, id, {
      requestState: requestState!,
      inputResponses: { confirm: { action: 'decline' } },
    });
    expect(declined.isError).toBe(true);
    expect(await exists(id)).toBe(true);
  });
});
