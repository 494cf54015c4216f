import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configHelpText } from '../../src/config-help.js';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { channelAllowed, type ChannelIdentity } from '../../src/policy/channel-rules.js';
import { policyFromConfig } from '../../src/policy/policy.js';
import {
  appliesTo,
  combineProfiles,
  parseProfilesJson,
  profileSubject,
  profilesExcludingTool,
  profilesRefusingChannel,
  tokenHash,
  type PolicyProfileInput,
} from '../../src/policy/policy-profiles.js';
import { PolicyStore } from '../../src/policy/policy-store.js';
import { profilesFromPreferences } from '../../src/plugin-settings/parse.js';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz';
const ALICE = { id: 'a'.repeat(26), username: 'Alice' };

function profiles(...defs: PolicyProfileInput[]) {
  return parseProfilesJson(JSON.stringify(defs), 'environment');
}

function globalPolicy(env: Record<string, string> = {}) {
  return policyFromConfig(loadConfig({ MATTERMOST_URL: 'http://mm.test', ...env }));
}

const channel = (team: string, name: string): ChannelIdentity => ({
  id: `${name.padEnd(26, 'x')}`.slice(0, 26),
  name,
  team,
});

describe('policy profiles', () => {
  it('name a token by the SHA-256 of its value and apply by token, user or OAuth client', () => {
    const [byToken, byName, byId, byClient] = profiles(
      { name: 'token', applies_to: { tokens: [tokenHash(TOKEN)] } },
      { name: 'user', applies_to: { users: ['@alice'] } },
      { name: 'user-id', applies_to: { users: [ALICE.id] } },
      { name: 'client', applies_to: { oauth_clients: ['client-1'] } },
    );
    expect(tokenHash(TOKEN)).toMatch(/^sha256:[0-9a-f]{64}$/);
    const personal = profileSubject(ALICE, TOKEN);
    const oauth = profileSubject(ALICE, TOKEN, 'client-1');
    expect(appliesTo(byToken!, personal)).toBe(true);
    // An OAuth sign-in acts with its grant's token, which no profile names.
    expect(appliesTo(byToken!, oauth)).toBe(false);
    expect(appliesTo(byName!, personal)).toBe(true);
    expect(appliesTo(byId!, oauth)).toBe(true);
    expect(appliesTo(byClient!, oauth)).toBe(true);
    expect(appliesTo(byClient!, personal)).toBe(false);
    expect(appliesTo(byName!, { userId: 'b'.repeat(26), username: 'bob' })).toBe(false);
  });

  it('combine so that the most restrictive wins', () => {
    const global = globalPolicy({
      BRIDGE_ALLOWED_TOOLSETS: 'posts,channels,users,search',
      BRIDGE_CHANNEL_DENY: 'eng/hr',
    });
    const applied = profiles(
      {
        name: 'narrow',
        toolsets: ['posts', 'users', 'files'],
        channel_allow: ['eng/town-square', 'eng/releases'],
        channel_deny: ['eng/releases'],
      },
      { name: 'readers', read_only: true, toolsets: ['all'], channel_allow: ['eng/releases'] },
      { name: 'idle' },
    );
    const combined = combineProfiles(global, applied);
    expect(combined.readOnly).toBe(true);
    // Intersection of toolsets: files is in no global list, search is in no profile's.
    expect(combined.allowedToolsets).toEqual(['posts', 'users']);
    // Every allow list must match (none both allows and leaves undenied here), every deny applies.
    expect(channelAllowed(channel('eng', 'town-square'), combined.channels, 'read')).toBe(false);
    expect(channelAllowed(channel('eng', 'releases'), combined.channels, 'read')).toBe(false);
    expect(channelAllowed(channel('eng', 'hr'), combined.channels, 'read')).toBe(false);
    expect(combined.profiles.map((p) => p.name)).toEqual(['narrow', 'readers', 'idle']);
    // Without profiles the global policy stands as it is.
    expect(combineProfiles(global, [])).toMatchObject({ readOnly: false, profiles: [] });
    expect(
      channelAllowed(channel('eng', 'town-square'), combineProfiles(global, []).channels, 'read'),
    ).toBe(true);
    // A profile never widens: its `all` leaves the global bound in place.
    expect(combineProfiles(global, profiles({ name: 'wide', toolsets: ['all'] }))).toMatchObject({
      allowedToolsets: ['posts', 'channels', 'users', 'search'],
    });
  });

  it('name the profiles that decided a refusal', () => {
    const applied = profiles(
      { name: 'no-releases', channel_deny: ['releases'] },
      { name: 'town-only', channel_allow: ['eng/town-square'] },
      { name: 'readers', read_only: true, toolsets: ['posts', 'users'] },
    );
    expect(profilesRefusingChannel(applied, channel('eng', 'releases'))).toEqual([
      'no-releases',
      'town-only',
    ]);
    expect(profilesRefusingChannel(applied, channel('eng', 'town-square'))).toEqual([]);
    const send = { toolset: 'posts', kind: 'write' };
    expect(profilesExcludingTool(applied, send, 'read_only')).toEqual(['readers']);
    expect(
      profilesExcludingTool(applied, { toolset: 'files', kind: 'read' }, 'toolset_not_allowed'),
    ).toEqual(['readers']);
    expect(profilesExcludingTool(applied, send, 'admin_only')).toEqual([]);
  });

  it('apply per session through the policy store, with the System Console’s profiles', () => {
    const store = new PolicyStore(
      globalPolicy(),
      profiles({ name: 'readers', read_only: true, applies_to: { users: ['alice'] } }),
    );
    const alice = profileSubject(ALICE, TOKEN);
    const bob = profileSubject({ id: 'b'.repeat(26), username: 'bob' }, 'other-token');
    expect(store.forSession(alice).readOnly).toBe(true);
    expect(store.forSession(bob).readOnly).toBe(false);
    expect(store.forSession(bob, true).readOnly).toBe(true);
    expect(store.current.readOnly).toBe(false);

    const changes: unknown[] = [];
    store.on('change', (p) => changes.push(p));
    const console = profilesFromPreferences([
      {
        name: 'profile_1',
        value: JSON.stringify({ name: 'bobs', applies_to: { users: ['bob'] } }),
      },
      {
        name: 'profile_2',
        value: JSON.stringify({
          name: 'no-tools',
          toolsets: ['users'],
          applies_to: { users: ['bob'] },
        }),
      },
      { name: 'toolsets', value: 'posts' },
    ]);
    expect(console.problems).toEqual([]);
    expect(store.setPluginSettings({ profiles: console.profiles })).toBe(true);
    expect(changes).toHaveLength(1);
    expect(store.forSession(bob)).toMatchObject({ allowedToolsets: ['users'] });
    expect(store.forSession(bob).profiles.map((p) => `${p.source}:${p.name}`)).toEqual([
      'console:bobs',
      'console:no-tools',
    ]);
    // The same profiles again change nothing.
    expect(store.setPluginSettings({ profiles: console.profiles })).toBe(false);
  });

  it('refuse bad definitions at start with where and what, never echoing a token', () => {
    const load = (value: string) =>
      loadConfig({ MATTERMOST_URL: 'http://mm.test', BRIDGE_POLICY_PROFILES: value });
    const failure = (value: string) => {
      try {
        load(value);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error('no error');
    };
    expect(failure('[{"name": "x", "applies_to": {"tokens": ["' + TOKEN + '"]}}]')).toMatch(
      /BRIDGE_POLICY_PROFILES: 0\.applies_to\.tokens\.0: a token is named by the SHA-256/,
    );
    expect(failure('[{"name": "x", "applies_to": {"tokens": ["' + TOKEN + '"]}}]')).not.toContain(
      TOKEN,
    );
    expect(failure('[{"name": "x", "toolsets": ["postz"]}]')).toMatch(
      /0\.toolsets\.0: unknown toolset; known: posts/,
    );
    expect(failure('[{"name": "a"}, {"name": "a"}]')).toMatch(/1\.name: two profiles are named a/);
    expect(failure('[{"name": "a", "readonly": true}]')).toMatch(/Unrecognized key.*readonly/);
    expect(failure('[{"name": "a b"}]')).toMatch(/0\.name: a profile name is/);
    expect(failure('[{"name": ')).toMatch(/not valid JSON/);
    expect(failure('/nonexistent/profiles.json')).toMatch(/nor the path of a file that exists/);

    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    const file = join(dir, 'profiles.json');
    writeFileSync(file, JSON.stringify([{ name: 'from-file', read_only: true }]));
    expect(load(file).BRIDGE_POLICY_PROFILES).toMatchObject([
      { name: 'from-file', readOnly: true, source: 'environment' },
    ]);
    writeFileSync(file, '[{"name": 1}]');
    expect(failure(file)).toMatch(/the file .*profiles\.json: 0\.name/);
    expect(load('[]').BRIDGE_POLICY_PROFILES).toEqual([]);
    expect(configHelpText()).toMatch(/BRIDGE_POLICY_PROFILES +Named policy profiles/);
  });

  it('report a System Console profile that does not parse instead of applying it', () => {
    const read = profilesFromPreferences([
      { name: 'profile_2', value: '{"name": "late"}' },
      { name: 'profile_1', value: '{"name": "early", "read_only": "yes"}' },
    ]);
    expect(read.profiles.map((p) => p.name)).toEqual(['late']);
    expect(read.problems).toEqual([
      { preference: 'profile_1', error: expect.stringMatching(/0\.read_only/) },
    ]);
  });
});
