import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Simulator } from '../src/index.js';
import { failure, startWithPeople, type Person } from './support/core.js';

/** A 1x1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==',
  'base64',
);

// Custom emojis: created with an image by their creator, seen and searched by everyone.
describe('custom emojis', () => {
  let sim: Simulator;
  let alice: Person;
  let bob: Person;

  const create = (who: Person, name: string, creator = who.id, image: Buffer = PNG) =>
    who.client.createCustomEmoji(
      { creator_id: creator, name } as never,
      new Blob([image]) as never,
    );

  beforeAll(async () => {
    const started = await startWithPeople('alice', 'bob');
    sim = started.sim;
    [alice, bob] = [started.people['alice']!, started.people['bob']!];
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('creates an emoji that others list, search and look up by name', async () => {
    const parrot = await create(alice, 'party-parrot');
    expect(parrot).toMatchObject({ creator_id: alice.id, name: 'party-parrot', delete_at: 0 });
    await create(bob, 'parrot_sad');
    expect((await bob.client.getCustomEmojis(0, 60, 'name')).map((e) => e.name)).toEqual([
      'parrot_sad',
      'party-parrot',
    ]);
    const found = await bob.client.searchCustomEmoji('parrot');
    expect(found.map((e) => e.name)).toEqual(['parrot_sad', 'party-parrot']);
    const prefixed = await bob.client.searchCustomEmoji('part', { prefix_only: true } as never);
    expect(prefixed.map((e) => e.name)).toEqual(['party-parrot']);
    expect((await bob.client.getCustomEmojiByName('party-parrot')).id).toBe(parrot.id);
  });

  it('refuses a taken or malformed name, another creator, and a file that is no image', async () => {
    expect((await failure(create(bob, 'party-parrot'))).status).toBe(400);
    expect((await failure(create(bob, 'Bad Name!'))).status).toBe(400);
    expect((await failure(create(bob, 'thumbsup'))).status).toBe(400);
    expect((await failure(create(bob, 'not-mine', alice.id))).status).toBe(403);
    expect((await failure(create(bob, 'text-file', bob.id, Buffer.from('hello')))).status).toBe(
      400,
    );
  });

  it('lets only the creator delete an emoji, then it is gone', async () => {
    const wave = await create(alice, 'wave2');
    expect((await failure(bob.client.deleteCustomEmoji(wave.id))).status).toBe(403);
    await alice.client.deleteCustomEmoji(wave.id);
    expect((await failure(bob.client.getCustomEmojiByName('wave2'))).status).toBe(404);
    expect((await bob.client.searchCustomEmoji('wave')).length).toBe(0);
  });
});
