import { ViewerCache } from '../../src/gateway/caches.js';

interface Row {
  id: string;
  team_id: string;
  name: string;
}

const row = (id: string, team_id: string, name = id): Row => ({ id, team_id, name });

describe('ViewerCache', () => {
  it("serves a viewer only the copy fetched with that viewer's permissions", () => {
    const cache = new ViewerCache<Row>({ max: 10, ttlMs: 60_000 });
    cache.set('alice', row('c1', 't1', 'as alice saw it'));
    expect(cache.get('alice', 'c1')?.name).toBe('as alice saw it');
    expect(cache.get('bob', 'c1')).toBeUndefined();
  });

  it("drops every viewer's copy of an object by its id, and only that object", () => {
    const cache = new ViewerCache<Row>({ max: 10, ttlMs: 60_000 });
    cache.set('alice', row('c1', 't1'));
    cache.set('bob', row('c1', 't1'));
    cache.set('alice', row('c2', 't1'));
    cache.forget('c1');
    expect(cache.get('alice', 'c1')).toBeUndefined();
    expect(cache.get('bob', 'c1')).toBeUndefined();
    expect(cache.get('alice', 'c2')).toBeDefined();
  });

  it('drops a whole group (the channels of a team) and keeps the others', () => {
    const cache = new ViewerCache<Row>({ max: 10, ttlMs: 60_000 }, (value) => value.team_id);
    cache.set('alice', row('c1', 't1'));
    cache.set('bob', row('c2', 't1'));
    cache.set('alice', row('c3', 't2'));
    cache.forgetGroup('t1');
    expect(cache.get('alice', 'c1')).toBeUndefined();
    expect(cache.get('bob', 'c2')).toBeUndefined();
    expect(cache.get('alice', 'c3')).toBeDefined();
    // An evicted object leaves its group; the group of the one kept can still be dropped.
    const small = new ViewerCache<Row>({ max: 1, ttlMs: 60_000 }, (value) => value.team_id);
    small.set('alice', row('c1', 't1'));
    small.set('alice', row('c2', 't2'));
    expect(small.get('alice', 'c1')).toBeUndefined();
    small.forgetGroup('t2');
    expect(small.get('alice', 'c2')).toBeUndefined();
  });
});
