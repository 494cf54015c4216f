import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { StreamEventLog } from '../../src/streams/event-store.js';

const note = (n: number): JSONRPCMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/resources/updated',
  params: { uri: `mattermost://x/${n}` },
});

async function replay(store: ReturnType<StreamEventLog['forSession']>, after: string) {
  const got: Array<[string, JSONRPCMessage]> = [];
  const stream = await store.replayEventsAfter(after, {
    send: async (id, m) => void got.push([id, m]),
  });
  return { stream, got };
}

describe('StreamEventLog', () => {
  it('replays the events of one stream after the given id, in order, skipping priming events', async () => {
    const log = new StreamEventLog(100);
    const store = log.forSession();
    const prime = await store.storeEvent('_GET_stream', {} as JSONRPCMessage);
    const a = await store.storeEvent('_GET_stream', note(1));
    await store.storeEvent('other', note(99));
    await store.storeEvent('_GET_stream', note(2));
    await store.storeEvent('_GET_stream', note(3));
    const fromPrime = await replay(store, prime);
    expect(fromPrime.stream).toBe('_GET_stream');
    expect(
      fromPrime.got.map(([, m]) => (m as unknown as { params: { uri: string } }).params.uri),
    ).toEqual(['mattermost://x/1', 'mattermost://x/2', 'mattermost://x/3']);
    const fromA = await replay(store, a);
    expect(fromA.got).toHaveLength(2);
    expect(await store.getStreamIdForEventId(a)).toBe('_GET_stream');
  });

  it('never replays one session’s events to another, although both use the same stream id', async () => {
    const log = new StreamEventLog(100);
    const alice = log.forSession();
    const bob = log.forSession();
    const aliceId = await alice.storeEvent('_GET_stream', note(1));
    await alice.storeEvent('_GET_stream', note(2));
    await bob.storeEvent('_GET_stream', note(3));
    await expect(replay(bob, aliceId)).rejects.toThrow();
    expect(await bob.getStreamIdForEventId(aliceId)).toBeUndefined();
    const own = await replay(alice, aliceId);
    expect(own.got).toHaveLength(1);
  });

  it('stays within its global bound, evicting the oldest events first', async () => {
    const log = new StreamEventLog(50);
    const stores = [log.forSession(), log.forSession(), log.forSession()];
    const ids: string[] = [];
    for (let i = 0; i < 600; i++) ids.push(await stores[i % 3]!.storeEvent('s', note(i)));
    expect(log.size).toBe(50);
    expect(stores.reduce((n, s) => n + s.size, 0)).toBe(50);
    // The oldest ids are gone; the newest still replays.
    await expect(replay(stores[0]!, ids[0]!)).rejects.toThrow();
    const recent = await replay(stores[0]!, ids[597]!);
    expect(recent.got).toHaveLength(0);
    const older = await replay(stores[0]!, ids[570]!);
    expect(older.got.length).toBe(9);
  });

  it('holds nothing for a disposed session', async () => {
    const log = new StreamEventLog(10);
    const store = log.forSession();
    const id = await store.storeEvent('s', note(1));
    store.dispose();
    expect(store.size).toBe(0);
    await store.storeEvent('s', note(2));
    expect(store.size).toBe(0);
    await expect(replay(store, id)).rejects.toThrow();
  });
});
