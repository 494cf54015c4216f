import { describe, expect, it } from '@jest/globals';
import { configHelpText } from '../../src/config-help.js';
import { loadConfig } from '../../src/config.js';
import { policyFromConfig } from '../../src/policy/policy.js';

describe('policy settings in the configuration', () => {
  it('has safe defaults', () => {
    const policy = policyFromConfig(loadConfig({ MATTERMOST_URL: 'http://mm.test' }));
    expect(policy).toMatchObject({
      readOnly: false,
      allowedToolsets: undefined,
      writeToolsets: undefined,
      allowBroadcastMentions: false,
      maxMessageLength: 16383,
      confirmDestructive: 'elicit-if-supported',
      accessPolicy: 'everyone',
    });
    expect(policy.channels.read).toEqual({ allow: [], deny: [] });
  });

  it('parses lists, entries and choices', () => {
    const policy = policyFromConfig(
      loadConfig({
        MATTERMOST_URL: 'http://mm.test',
        BRIDGE_ALLOWED_TOOLSETS: 'posts, users',
        BRIDGE_WRITE_TOOLSETS: 'reactions',
        BRIDGE_CHANNEL_ALLOW: 'eng/town-square, @bob',
        BRIDGE_CHANNEL_DENY_WRITE: 'announcements',
        BRIDGE_CONFIRM_DESTRUCTIVE: 'always-refuse-without',
        BRIDGE_ACCESS_POLICY: 'token_role',
        BRIDGE_MAX_MESSAGE_LENGTH: '500',
      }),
    );
    expect(policy.allowedToolsets).toEqual(['posts', 'users']);
    expect(policy.writeToolsets).toEqual(['reactions']);
    expect(policy.channels.read.allow).toEqual([
      [
        { kind: 'name', team: 'eng', name: 'town-square' },
        { kind: 'dm', username: 'bob' },
      ],
    ]);
    expect(policy.channels.write.deny).toEqual([{ kind: 'name', name: 'announcements' }]);
    expect(policy).toMatchObject({
      confirmDestructive: 'always-refuse-without',
      accessPolicy: 'token_role',
    });
    expect(policy.maxMessageLength).toBe(500);
  });

  it('names a wrong choice and lists every policy variable in --help', () => {
    expect(() =>
      loadConfig({ MATTERMOST_URL: 'http://mm.test', BRIDGE_CONFIRM_DESTRUCTIVE: 'maybe' }),
    ).toThrow(/BRIDGE_CONFIRM_DESTRUCTIVE/);
    expect(() =>
      loadConfig({ MATTERMOST_URL: 'http://mm.test', BRIDGE_MAX_MESSAGE_LENGTH: '20000' }),
    ).toThrow(/BRIDGE_MAX_MESSAGE_LENGTH/);
    const help = configHelpText();
    for (const name of [
      'BRIDGE_TOOLSETS',
      'BRIDGE_ALLOWED_TOOLSETS',
      'BRIDGE_WRITE_TOOLSETS',
      'BRIDGE_CHANNEL_ALLOW',
      'BRIDGE_CHANNEL_DENY',
      'BRIDGE_CHANNEL_ALLOW_WRITE',
      'BRIDGE_CHANNEL_DENY_WRITE',
      'BRIDGE_ALLOW_BROADCAST_MENTIONS',
      'BRIDGE_MAX_MESSAGE_LENGTH',
      'BRIDGE_CONFIRM_DESTRUCTIVE',
      'BRIDGE_ACCESS_POLICY',
      'BRIDGE_AUDIT_LOG',
      'BRIDGE_PLUGIN_SETTINGS',
      'BRIDGE_PLUGIN_POLL_MS',
      'BRIDGE_TOOL_LISTING',
    ])
      expect(help).toContain(name);
    expect(help).toMatch(/BRIDGE_TOOLSETS .*\(default: core\)/);
  });
});
