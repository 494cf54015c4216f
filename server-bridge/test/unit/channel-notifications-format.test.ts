import {
  formatMuteLine,
  formatNotificationsLine,
  isMuted,
  toNotificationSettings,
} from '../../src/format/channel-notifications.js';
import type { ChannelSummary } from '../../src/format/channels.js';

const channel: ChannelSummary = {
  id: 'c'.repeat(26),
  name: 'town-square',
  display_name: 'Town Square',
  type: 'public',
  team: 'eng',
  archived: false,
};

describe('channel notification formatting', () => {
  it('reads a channel as muted only when only mentions mark it unread', () => {
    expect(isMuted({ mark_unread: 'mention' })).toBe(true);
    expect(isMuted({ mark_unread: 'all' })).toBe(false);
    expect(isMuted({})).toBe(false);
    expect(isMuted(undefined)).toBe(false);
  });

  it('says which way the channel changed, then the channel line', () => {
    expect(formatMuteLine(channel, true)).toMatch(
      /^Muted: eng\/~town-square — Town Square · public/,
    );
    expect(formatMuteLine(channel, false)).toMatch(/^Unmuted: /);
  });

  it('fills in defaults for settings never changed', () => {
    expect(toNotificationSettings(undefined)).toEqual({
      muted: false,
      desktop: 'default',
      push: 'default',
      ignore_channel_mentions: false,
    });
    expect(
      toNotificationSettings({
        desktop: 'none',
        push: '',
        mark_unread: 'mention',
        ignore_channel_mentions: 'on',
      }),
    ).toEqual({ muted: true, desktop: 'none', push: 'default', ignore_channel_mentions: true });
  });

  it('lists the levels, then muted and ignored mentions only when they hold', () => {
    const settings = { ...channel, ...toNotificationSettings({ desktop: 'all' }) };
    expect(formatNotificationsLine(settings)).toMatch(/: desktop all · push default$/);
    const quiet = {
      ...channel,
      ...toNotificationSettings({ mark_unread: 'mention', ignore_channel_mentions: 'on' }),
    };
    expect(formatNotificationsLine(quiet)).toMatch(/· muted · channel-wide mentions ignored$/);
  });
});
