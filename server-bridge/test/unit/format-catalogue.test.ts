import {
  analyticsRecord,
  formatAccessTokenLine,
  formatBotLine,
  formatOutgoingWebhookLine,
  toAccessTokenSummary,
  toBotSummary,
  toOutgoingWebhookSummary,
} from '../../src/format/admin.js';
import {
  formatBookmarkLine,
  sortBookmarks,
  toBookmarkSummary,
} from '../../src/format/bookmarks.js';
import { readConfigPath, redactSecrets, REDACTED } from '../../src/format/config.js';
import { formatMemberLine, memberSummaries, toMemberSummary } from '../../src/format/members.js';
import {
  customStatusOf,
  formatStatusLine,
  parseUntil,
  toStatusSummary,
} from '../../src/format/statuses.js';
import { collapsedThreadsOn, formatUnreadLine, rankUnreads } from '../../src/format/unreads.js';
import type {
  Bot,
  ChannelBookmark,
  ChannelMembership,
  OutgoingWebhook,
  ServerChannel,
  UserProfile,
} from '../../src/gateway/user-gateway.js';

const T0 = Date.UTC(2026, 4, 4, 9, 30, 0);

function user(partial: Partial<UserProfile>): UserProfile {
  return {
    id: 'u1',
    username: 'alice',
    first_name: '',
    last_name: '',
    nickname: '',
    delete_at: 0,
    ...partial,
  } as UserProfile;
}

describe('members', () => {
  it('names members from their profiles, marks admins and sorts admins first', () => {
    const admin = toMemberSummary(
      { user_id: 'u2', roles: 'channel_user channel_admin', scheme_admin: false },
      user({ id: 'u2', username: 'zed' }),
    );
    const plain = toMemberSummary(
      { user_id: 'u1', roles: 'channel_user', scheme_admin: false },
      user({ first_name: 'Alice', last_name: 'Smith' }),
    );
    const unknown = toMemberSummary({ user_id: 'u3', roles: '', scheme_admin: true }, undefined);
    expect(admin).toMatchObject({
      username: 'zed',
      admin: true,
      roles: ['channel_user', 'channel_admin'],
    });
    expect(unknown).toMatchObject({ username: 'u3', display_name: 'u3', admin: true });
    const users = new Map([
      ['u1', user({ id: 'u1', username: 'alice' })],
      ['u2', user({ id: 'u2', username: 'zed' })],
      ['u4', user({ id: 'u4', username: 'ci-bot', is_bot: true })],
    ]);
    const page = [
      { user_id: 'u1', roles: 'channel_user', scheme_admin: false },
      { user_id: 'u4', roles: 'channel_user', scheme_admin: false },
      { user_id: 'u3', roles: '', scheme_admin: true },
      { user_id: 'u2', roles: 'channel_user channel_admin', scheme_admin: false },
    ];
    const names = (excludeBots: boolean) =>
      memberSummaries(page, users, { excludeBots }).map((member) => member.username);
    expect(names(false)).toEqual(['u3', 'zed', 'alice', 'ci-bot']);
    expect(names(true)).toEqual(['u3', 'zed', 'alice']);
    expect(formatMemberLine(plain)).toBe('@alice — Alice Smith · id u1');
    expect(formatMemberLine(admin)).toBe('@zed — zed · admin · id u2');
  });
});

describe('unreads', () => {
  const channel = (id: string, total: number, extra: Partial<ServerChannel> = {}) =>
    ({
      id,
      name: id,
      display_name: id.toUpperCase(),
      type: 'O',
      team_id: 't',
      total_msg_count: total,
      last_post_at: T0,
      delete_at: 0,
      ...extra,
    }) as ServerChannel;
  const member = (id: string, read: number, mentions = 0, muted = false) =>
    ({
      channel_id: id,
      msg_count: read,
      mention_count: mentions,
      notify_props: muted ? { mark_unread: 'mention' } : {},
    }) as ChannelMembership;
  const name = (c: ServerChannel) => ({ reference: `t/~${c.name}`, displayName: c.display_name });

  it('keeps channels with unread messages or mentions, most pressing first', () => {
    const ranked = rankUnreads(
      [
        channel('quiet', 10),
        channel('busy', 30),
        channel('pinged', 5),
        channel('read', 4),
        channel('muted', 50),
        channel('gone', 9, { delete_at: 1 }),
      ],
      [
        member('quiet', 7),
        member('busy', 10),
        member('pinged', 4, 2),
        member('read', 4),
        member('muted', 0, 0, true),
        member('gone', 0),
      ],
      name,
      false,
    );
    expect(ranked.map((e) => [e.channel_id, e.unread, e.mentions])).toEqual([
      ['pinged', 1, 2],
      ['busy', 20, 0],
      ['quiet', 3, 0],
    ]);
    expect(formatUnreadLine(ranked[0]!)).toBe(
      't/~pinged — PINGED · 2 mentions · 1 unread · last post 2026-05-04T09:30:00Z',
    );
  });

  it('ranks a muted channel with a mention after an unmuted one with as many', () => {
    const ranked = rankUnreads(
      [channel('m', 5), channel('n', 1)],
      [member('m', 0, 1, true), member('n', 0, 1)],
      name,
      false,
    );
    expect(ranked.map((e) => e.channel_id)).toEqual(['n', 'm']);
    expect(formatUnreadLine(ranked[1]!)).toContain('· muted ·');
  });

  it('never counts below zero when the membership is ahead of the channel', () => {
    expect(rankUnreads([channel('a', 3)], [member('a', 5, 1)], name, false)[0]).toMatchObject({
      unread: 0,
      mentions: 1,
    });
  });

  it('counts root posts only when the person reads with collapsed threads', () => {
    // 12 posts, 4 of them roots; the person read 2 roots (and 9 posts); one mention in a reply.
    const busy = channel('busy', 12, { total_msg_count_root: 4 });
    const seen = {
      ...member('busy', 9, 2),
      msg_count_root: 2,
      mention_count_root: 1,
    } as ChannelMembership;
    expect(rankUnreads([busy], [seen], name, true)[0]).toMatchObject({ unread: 2, mentions: 1 });
    expect(rankUnreads([busy], [seen], name, false)[0]).toMatchObject({ unread: 3, mentions: 2 });
    // Only replies arrived since: nothing unread in the channel itself.
    const repliesOnly = { ...seen, msg_count_root: 4, mention_count_root: 0 } as ChannelMembership;
    expect(rankUnreads([busy], [repliesOnly], name, true)).toEqual([]);
  });

  it.each([
    ['always_on', undefined, true],
    ['always_on', 'off', true],
    ['default_on', undefined, true],
    ['default_on', 'off', false],
    ['default_off', undefined, false],
    ['default_off', 'on', true],
    ['disabled', 'on', false],
    [undefined, 'on', false],
  ])('reads collapsed threads with server %s and preference %s: %s', (server, pref, on) => {
    expect(collapsedThreadsOn(server, pref)).toBe(on);
  });
});

describe('bookmarks', () => {
  it('keeps live bookmarks in their order and prints links and files', () => {
    const make = (id: string, order: number, extra: Partial<ChannelBookmark>) =>
      ({
        id,
        display_name: id,
        sort_order: order,
        create_at: 1,
        delete_at: 0,
        type: 'link',
        ...extra,
      }) as ChannelBookmark;
    const sorted = sortBookmarks([
      make('b', 2, { link_url: 'https://b' }),
      make('gone', 0, { delete_at: 5 }),
      make('a', 1, { type: 'file', file: { name: 'plan.pdf' } as never, emoji: 'books' }),
    ]);
    expect(sorted.map((b) => b.id)).toEqual(['a', 'b']);
    const lines = sorted.map(toBookmarkSummary).map(formatBookmarkLine);
    expect(lines).toEqual([':books: a → file plan.pdf · id a', 'b → https://b · id b']);
  });
});

describe('statuses', () => {
  it('shows a timed do-not-disturb in ISO time (Mattermost keeps it in seconds)', () => {
    const summary = toStatusSummary(
      {
        user_id: 'u1',
        status: 'dnd',
        manual: true,
        last_activity_at: T0,
        dnd_end_time: T0 / 1000 + 3600,
      },
      'alice',
    );
    expect(summary).toEqual({
      user_id: 'u1',
      username: 'alice',
      status: 'dnd',
      manual: true,
      last_activity_at: '2026-05-04T09:30:00Z',
      dnd_until: '2026-05-04T10:30:00Z',
    });
    expect(formatStatusLine(summary)).toBe(
      '@alice: dnd (set by hand) until 2026-05-04T10:30:00Z · last active 2026-05-04T09:30:00Z',
    );
    expect(
      toStatusSummary({ user_id: 'u9', status: 'online', dnd_end_time: 99 }, undefined),
    ).toEqual({
      user_id: 'u9',
      username: 'u9',
      status: 'online',
      manual: false,
    });
  });

  it('reads a custom status from profile props, ignoring junk and the zero expiry', () => {
    const props = (value: unknown) =>
      user({
        props: { customStatus: typeof value === 'string' ? value : JSON.stringify(value) } as never,
      });
    expect(
      customStatusOf(
        props({ emoji: 'palm_tree', text: 'Away', expires_at: '2026-05-05T00:00:00Z' }),
      ),
    ).toEqual({
      emoji: 'palm_tree',
      text: 'Away',
      expires_at: '2026-05-05T00:00:00Z',
    });
    expect(
      customStatusOf(props({ emoji: 'x', text: 'y', expires_at: '0001-01-01T00:00:00Z' })),
    ).toEqual({ emoji: 'x', text: 'y' });
    expect(customStatusOf(props('{not json'))).toBeUndefined();
    expect(customStatusOf(props({ emoji: '', text: '' }))).toBeUndefined();
    expect(customStatusOf(user({}))).toBeUndefined();
  });

  it('parses future times from windows and ISO dates only', () => {
    expect(parseUntil('30m', T0)).toBe(T0 + 30 * 60_000);
    expect(parseUntil('2H', T0)).toBe(T0 + 2 * 3_600_000);
    expect(parseUntil('1w', T0)).toBe(T0 + 604_800_000);
    expect(parseUntil('2026-05-05T00:00:00Z', T0)).toBe(Date.UTC(2026, 4, 5));
    expect(parseUntil('2026-05-01T00:00:00Z', T0)).toBeUndefined();
    expect(parseUntil('tomorrow', T0)).toBeUndefined();
    expect(parseUntil('0m', T0)).toBeUndefined();
  });
});

describe('config redaction', () => {
  const config = {
    ServiceSettings: {
      SiteURL: 'https://chat',
      EnableUserAccessTokens: true,
      GoogleDeveloperKey: 'g-key',
      MaximumLoginAttempts: 10,
    },
    SqlSettings: {
      DriverName: 'postgres',
      DataSource: 'postgres://mm:pw@db/mm',
      DataSourceReplicas: ['postgres://r:pw@r'],
      AtRestEncryptKey: 'k',
    },
    EmailSettings: { SMTPPassword: 'hunter2', SMTPUsername: 'mailer', InviteSalt: 'salt' },
    FileSettings: { PublicLinkSalt: '', AmazonS3SecretAccessKey: 's3' },
    PluginSettings: { Plugins: { jira: { secret: 'x', apitoken: 'y', url: 'https://jira' } } },
    GitLabSettings: { Secret: 'gl', Id: 'app' },
  };

  it('replaces every secret string, keeps flags, numbers and empty values', () => {
    const redacted = redactSecrets(config) as typeof config;
    expect(redacted.ServiceSettings).toEqual({
      SiteURL: 'https://chat',
      EnableUserAccessTokens: true,
      GoogleDeveloperKey: REDACTED,
      MaximumLoginAttempts: 10,
    });
    expect(redacted.SqlSettings).toEqual({
      DriverName: 'postgres',
      DataSource: REDACTED,
      DataSourceReplicas: [REDACTED],
      AtRestEncryptKey: REDACTED,
    });
    expect(redacted.EmailSettings).toEqual({
      SMTPPassword: REDACTED,
      SMTPUsername: 'mailer',
      InviteSalt: REDACTED,
    });
    expect(redacted.FileSettings).toEqual({
      PublicLinkSalt: '',
      AmazonS3SecretAccessKey: REDACTED,
    });
    expect(redacted.PluginSettings.Plugins.jira).toEqual({
      secret: REDACTED,
      apitoken: REDACTED,
      url: 'https://jira',
    });
    expect(redacted.GitLabSettings).toEqual({ Secret: REDACTED, Id: 'app' });
    const text = JSON.stringify(redacted);
    for (const secret of ['g-key', 'pw@', 'hunter2', 'salt"', 's3"', '"x"', '"y"', '"gl"'])
      expect(text).not.toContain(secret);
    // The original is left alone.
    expect(config.EmailSettings.SMTPPassword).toBe('hunter2');
  });

  it('hides everything below a secret key', () => {
    expect(redactSecrets({ Keys: { a: 'one', b: ['two'], c: 3 } })).toEqual({
      Keys: { a: REDACTED, b: [REDACTED], c: 3 },
    });
  });

  it('reads dotted paths without regard to case, redacting a secret named directly', () => {
    expect(readConfigPath(config, 'servicesettings.SITEURL')).toEqual({
      found: true,
      path: 'ServiceSettings.SiteURL',
      value: 'https://chat',
    });
    expect(readConfigPath(config, 'EmailSettings.SMTPPassword')).toEqual({
      found: true,
      path: 'EmailSettings.SMTPPassword',
      value: REDACTED,
    });
    expect(readConfigPath(config, 'SqlSettings.DataSourceReplicas')).toMatchObject({
      value: [REDACTED],
    });
    expect(readConfigPath(config, 'PluginSettings.Plugins.jira.secret')).toMatchObject({
      value: REDACTED,
    });
    expect(readConfigPath(config, 'EmailSettings')).toMatchObject({
      value: { SMTPPassword: REDACTED, SMTPUsername: 'mailer' },
    });
    expect(readConfigPath(config, 'ServiceSettings.Nope')).toEqual({
      found: false,
      missing: 'ServiceSettings.Nope',
      options: ['EnableUserAccessTokens', 'GoogleDeveloperKey', 'MaximumLoginAttempts', 'SiteURL'],
    });
    expect(readConfigPath(config, 'ServiceSettings.SiteURL.deeper')).toMatchObject({
      found: false,
      options: [],
    });
  });
});

describe('admin', () => {
  it('turns analytics rows into one record', () => {
    expect(
      analyticsRecord([
        { name: 'post_count', value: 3 },
        { name: 'team_count', value: 1 },
      ]),
    ).toEqual({ post_count: 3, team_count: 1 });
  });

  it('summarizes bots with their owners', () => {
    const bot = {
      user_id: 'b1',
      username: 'ci',
      display_name: '',
      description: 'Builds',
      owner_id: 'o1',
      create_at: T0,
      update_at: T0,
      delete_at: 1,
    } as Bot;
    const summary = toBotSummary(bot, 'admin');
    expect(summary).toMatchObject({
      display_name: 'ci',
      owner: 'admin',
      disabled: true,
      created_at: '2026-05-04T09:30:00Z',
    });
    expect(formatBotLine(summary)).toBe('@ci — ci · Builds · owner @admin · disabled · id b1');
    expect(toBotSummary(bot, undefined).owner).toBe('o1');
  });

  it('never carries an outgoing webhook token', () => {
    const hook = {
      id: 'h1',
      token: 'super-secret-token',
      create_at: T0,
      update_at: T0,
      delete_at: 0,
      creator_id: 'u1',
      channel_id: '',
      team_id: 't1',
      trigger_words: ['deploy'],
      trigger_when: 0,
      callback_urls: ['https://x/cb'],
      display_name: '',
      description: '',
      content_type: '',
      username: '',
      icon_url: '',
    } as OutgoingWebhook;
    const summary = toOutgoingWebhookSummary(hook, { team: 'acme', creator: 'alice' });
    expect(JSON.stringify(summary)).not.toContain('super-secret-token');
    expect(summary).toMatchObject({
      display_name: '(no name)',
      team: 'acme',
      content_type: 'application/x-www-form-urlencoded',
    });
    expect(summary.channel).toBeUndefined();
    expect(formatOutgoingWebhookLine(summary)).toBe(
      '(no name) · team acme · triggers: deploy · → https://x/cb · by @alice · id h1',
    );
  });

  it('lists a token by id and description only', () => {
    const summary = toAccessTokenSummary({
      id: 't1',
      token: 'the-secret',
      user_id: 'u',
      description: 'CI',
      is_active: false,
    });
    expect(summary).toEqual({ id: 't1', description: 'CI', active: false });
    expect(formatAccessTokenLine(summary)).toBe('CI · disabled · id t1');
  });
});
