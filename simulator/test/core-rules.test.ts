import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import type { SimContext } from '../src/context.js';
import { EventBus } from '../src/events.js';
import { isValidId, newId } from '../src/ids.js';
import { deepMerge, defaultConfig } from '../src/store/config.js';
import { Store } from '../src/store/store.js';
import { addChannelMember, createChannel, getOrCreateDirect } from '../src/services/channels.js';
import { computeMentions, parseHashtags } from '../src/services/mentions.js';
import { createTeam } from '../src/services/teams.js';
import { createUser, setStatus } from '../src/services/users.js';

function context(): SimContext {
  const noop = () => undefined;
  return {
    store: new Store(),
    bus: new EventBus(),
    now: () => Date.now(),
    control: {
      dropWebSockets: noop,
      openWebSockets: () => 0,
      restart: async () => undefined,
      setFaults: noop,
      clearFaults: noop,
    },
  };
}

describe('ids', () => {
  it('are 26 lowercase base32 characters and do not repeat', () => {
    const ids = Array.from({ length: 2000 }, newId);
    for (const id of ids) expect(isValidId(id)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('mentions', () => {
  const ctx = context();
  const person = (username: string) => createUser(ctx, { username, password: 'Passw0rd!-long' });
  const [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map(person) as [
    ReturnType<typeof person>,
    ReturnType<typeof person>,
    ReturnType<typeof person>,
    ReturnType<typeof person>,
  ];
  const team = createTeam(ctx, { name: 'team', display_name: 'Team' });
  const channel = createChannel(
    ctx,
    { team_id: team.id, name: 'room', display_name: 'Room', type: 'O' },
    alice.id,
  );
  for (const u of [bob, carol]) addChannelMember(ctx, channel.id, u.id);
  const mentioned = (message: string, sender = alice.id) =>
    [...computeMentions(ctx, channel, sender, message).userIds]
      .map((id) => ctx.store.user(id)!.username)
      .sort();

  it('finds @usernames of members, ignoring trailing punctuation, e-mail addresses and non-members', () => {
    expect(mentioned('hi @bob.')).toEqual(['bob']);
    expect(mentioned('(@carol), @bob!')).toEqual(['bob', 'carol']);
    expect(mentioned('write to bob@example.com')).toEqual([]);
    expect(mentioned('@dave is not here')).toEqual([]);
    expect(mentioned('@alice talking to myself')).toEqual([]);
  });

  it('expands @channel and @all to every other member, @here to those online', () => {
    expect(mentioned('@channel lunch')).toEqual(['bob', 'carol']);
    expect(mentioned('@all lunch')).toEqual(['bob', 'carol']);
    setStatus(ctx, bob.id, 'online');
    expect(mentioned('@here lunch')).toEqual(['bob']);
  });

  it("reads broadcast mentions as Mattermost's parser does: trimmed, suffixed, split on format characters", () => {
    for (const message of ['_@channel', '@channel_', '@channel-', 'x\u200D@channel', 'see.@all']) {
      expect(mentioned(message)).toEqual(['bob', 'carol']);
    }
    for (const message of [
      '@channels',
      '@\u200Dchannel',
      'ops@all.example',
      '@channel-team',
      ':@all:',
    ]) {
      expect(mentioned(message)).toEqual([]);
    }
  });

  it('counts every other member of a direct message as mentioned', () => {
    const dm = getOrCreateDirect(ctx, alice.id, alice.id, dave.id);
    expect([...computeMentions(ctx, dm, alice.id, 'no names here').userIds]).toEqual([dave.id]);
  });
});

describe('hashtags', () => {
  it('keeps words that are # and a letter and end on a letter or digit, punctuation trimmed', () => {
    expect(parseHashtags('#release #v2 #1st #g #launch-day #release')).toBe(
      '#release #v2 #launch-day #release',
    );
    expect(parseHashtags('(#incident), ##postmortem. no#tag #trailing-')).toBe(
      '#incident #postmortem #trailing',
    );
  });
});

describe('configuration merge', () => {
  it('replaces only what a patch names, at any depth', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.string(), (enable, value) => {
        const config = defaultConfig();
        deepMerge(config, {
          ServiceSettings: { EnableUserAccessTokens: enable },
          PluginSettings: { Plugins: { p: { k: value } } },
        });
        expect(config.ServiceSettings.EnableUserAccessTokens).toBe(enable);
        expect(config.ServiceSettings.EnableBotAccountCreation).toBe(false);
        expect(config.PluginSettings.Plugins['p']).toEqual({ k: value });
        expect(config.PluginSettings.Enable).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('ignores prototype keys', () => {
    const config = defaultConfig();
    deepMerge(config, JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
