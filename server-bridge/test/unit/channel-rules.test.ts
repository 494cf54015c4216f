import { describe, expect, it } from '@jest/globals';
import {
  channelAllowed,
  parseChannelEntry,
  type ChannelIdentity,
  type ChannelRules,
} from '../../src/policy/channel-rules.js';

const general: ChannelIdentity = { id: 'a'.repeat(26), name: 'general', team: 'eng' };
const hr: ChannelIdentity = { id: 'b'.repeat(26), name: 'hr', team: 'eng' };
const salesHr: ChannelIdentity = { id: 'c'.repeat(26), name: 'hr', team: 'sales' };
const dm: ChannelIdentity = { id: 'd'.repeat(26), name: 'x__y', dmUsernames: ['bob'] };

function rules(
  parts: Partial<Record<'allow' | 'deny' | 'allowWrite' | 'denyWrite', string[]>>,
): ChannelRules {
  const parse = (list?: string[]) => (list ?? []).map(parseChannelEntry);
  return {
    read: { allow: parts.allow ? [parse(parts.allow)] : [], deny: parse(parts.deny) },
    write: {
      allow: parts.allowWrite ? [parse(parts.allowWrite)] : [],
      deny: parse(parts.denyWrite),
    },
  };
}

describe('channel rules', () => {
  it('parses every entry form', () => {
    expect(parseChannelEntry('Eng/~HR')).toEqual({ kind: 'name', team: 'eng', name: 'hr' });
    expect(parseChannelEntry('~hr')).toEqual({ kind: 'name', name: 'hr' });
    expect(parseChannelEntry('@Bob')).toEqual({ kind: 'dm', username: 'bob' });
    expect(parseChannelEntry('b'.repeat(26))).toEqual({ kind: 'id', id: 'b'.repeat(26) });
  });

  it('matches by team/name, bare name in any team, id and DM partner; deny wins', () => {
    expect(channelAllowed(hr, rules({ deny: ['eng/hr'] }), 'read')).toBe(false);
    expect(channelAllowed(salesHr, rules({ deny: ['eng/hr'] }), 'read')).toBe(true);
    expect(channelAllowed(salesHr, rules({ deny: ['hr'] }), 'read')).toBe(false);
    expect(channelAllowed(hr, rules({ deny: [hr.id] }), 'read')).toBe(false);
    expect(channelAllowed(dm, rules({ deny: ['@bob'] }), 'read')).toBe(false);
    expect(
      channelAllowed(
        general,
        rules({ allow: ['eng/general', 'eng/hr'], deny: ['eng/hr'] }),
        'read',
      ),
    ).toBe(true);
    expect(
      channelAllowed(hr, rules({ allow: ['eng/general', 'eng/hr'], deny: ['eng/hr'] }), 'read'),
    ).toBe(false);
    expect(channelAllowed(dm, rules({ allow: ['eng/general'] }), 'read')).toBe(false);
  });

  it('applies the write lists on top of the read lists', () => {
    const r = rules({
      deny: ['eng/hr'],
      denyWrite: ['eng/general'],
      allowWrite: ['eng/general', 'eng/hr', '@bob'],
    });
    expect(channelAllowed(general, r, 'read')).toBe(true);
    expect(channelAllowed(general, r, 'write')).toBe(false);
    expect(channelAllowed(hr, r, 'write')).toBe(false);
    expect(channelAllowed(dm, r, 'write')).toBe(true);
    expect(channelAllowed(salesHr, r, 'write')).toBe(false);
  });
});
