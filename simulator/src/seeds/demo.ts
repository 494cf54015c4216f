import type { SimContext } from '../context.js';
import {
  addChannelMember,
  createChannel,
  getOrCreateDirect,
  getOrCreateGroup,
  groupChannelName,
} from '../services/channels.js';
import { createPost } from '../services/posts.js';
import { addReaction } from '../services/reactions.js';
import { addTeamMember, createTeam } from '../services/teams.js';
import { createAccessToken, createUser } from '../services/users.js';
import { featureConfig, type Features } from '../features.js';
import { deepMerge } from '../store/config.js';
import type { Channel, Post } from '../store/types.js';
import { latencyCsv, lossChartPng, MEETING_NOTES, uploadFile } from './demo-files.js';
import { DAYS, DIRECT, EMOJIS, REPLIES, ROOTS, SERVICES } from './demo-messages.js';
import { CHANNELS, DEMO_PASSWORD, PEOPLE, TEAMS } from './demo-people.js';
import { addProfileAttributes, addSidebarCategory } from './demo-profiles.js';
import {
  addBookmarks,
  DAY,
  HOUR,
  markEverythingRead,
  prng,
  saveForLater,
  scheduleMessage,
  setStatuses,
} from './demo-extras.js';
import { seedEmpty } from './empty.js';
import type { SeedResult } from './types.js';

/** The features the demo turns on; everything else stays as a fresh server has it. */
export const DEMO_FEATURES: Features = {
  personalAccessTokens: true,
  // The demo's bridge receives outgoing webhooks on localhost.
  untrustedInternalConnections: '127.0.0.1 localhost',
};

interface Planned {
  at: number;
  channel: Channel;
  author: string;
  message: string;
  /** Index of the planned root this replies to. */
  root?: number;
}

/**
 * The `demo` seed: two teams (Acme, Research), ten people with profiles, statuses and custom
 * statuses, public and private channels, DMs and a group message, and two weeks of history with
 * threads, reactions, pins, saved posts and files. Deterministic apart from ids and the clock.
 */
export function seedDemo(ctx: SimContext): SeedResult {
  const result = seedEmpty(ctx);
  const { store } = ctx;
  // What the demo needs beyond a fresh server's defaults, in this one place: its people connect
  // assistants with personal access tokens.
  deepMerge(store.config, featureConfig(DEMO_FEATURES));
  const random = prng(20240611);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const now = ctx.now();
  const start = now - 14 * DAY;
  const cutoff = now - 3 * HOUR;

  // People.
  const ids: Record<string, string> = {};
  for (const p of PEOPLE) {
    const user = createUser(ctx, {
      username: p.username,
      email: `${p.username}@acme.example.com`,
      password: DEMO_PASSWORD,
      first_name: p.first_name,
      last_name: p.last_name,
      nickname: p.nickname,
      position: p.position,
      timezone: {
        useAutomaticTimezone: 'false',
        automaticTimezone: p.timezone,
        manualTimezone: p.timezone,
      },
      create_at: start - 30 * DAY,
    });
    ids[p.username] = user.id;
    const token = createAccessToken(ctx, user.id, 'demo token');
    result.users[p.username] = { id: user.id, username: user.username, token: token.token };
  }
  const name = (id: string) => store.user(id)?.username ?? '';

  // Teams and channels.
  const teams: Record<string, string> = {};
  for (const t of TEAMS) {
    const team = createTeam(ctx, { ...t, create_at: start - 30 * DAY }, result.admin.id);
    teams[t.name] = team.id;
    for (const p of PEOPLE)
      if (p.teams.includes(t.name as 'acme' | 'research'))
        addTeamMember(ctx, team.id, ids[p.username]!, {
          admin: p.username === 'alice' || p.username === 'grace',
          at: start - 29 * DAY,
        });
  }
  const channels: Record<string, Channel> = {};
  for (const c of CHANNELS) {
    const teamId = teams[c.team]!;
    let channel = store.channelByName(teamId, c.name);
    const members = (
      c.members ?? PEOPLE.filter((p) => p.teams.includes(c.team)).map((p) => p.username)
    ).filter((u) => ids[u]);
    if (!channel) {
      channel = createChannel(
        ctx,
        {
          team_id: teamId,
          name: c.name,
          display_name: c.display_name,
          type: c.type,
          purpose: c.purpose,
          header: c.header,
          create_at: start - 20 * DAY,
        },
        ids[members[0]!]!,
      );
      for (const u of members) {
        if (!store.isTeamMember(teamId, ids[u]!))
          addTeamMember(ctx, teamId, ids[u]!, { at: start - 20 * DAY });
        addChannelMember(ctx, channel.id, ids[u]!, { at: start - 20 * DAY });
      }
    } else {
      channel.purpose = c.purpose;
      channel.header = c.header;
    }
    channels[`${c.team}/${c.name}`] = channel;
  }
  const authorsOf = (channel: Channel) =>
    store
      .channelMembersOf(channel.id)
      .map((m) => m.user_id)
      .filter((id) => id !== result.admin.id);

  const fill = (template: string, channel: Channel, author: string) =>
    template
      .replace(/\{mention\}/g, () => {
        const others = authorsOf(channel).filter((id) => id !== author);
        return others.length ? '@' + name(pick(others)) : '';
      })
      .replace(/\{num\}/g, () => String(Math.floor(random() * 900) + 12))
      .replace(/\{pct\}/g, () => String(Math.floor(random() * 80) + 15))
      .replace(/\{ver\}/g, () => `v2.${Math.floor(random() * 6) + 9}.${Math.floor(random() * 4)}`)
      .replace(/\{svc\}/g, () => pick(SERVICES))
      .replace(/\{day\}/g, () => pick(DAYS));

  // Plan the history: roots spread over two weeks in working hours, some with threads.
  const plan: Planned[] = [];
  for (const c of CHANNELS) {
    const channel = channels[`${c.team}/${c.name}`]!;
    const templates = ROOTS[`${c.team}/${c.name}`] ?? [];
    const authors = authorsOf(channel);
    for (let i = 0; i < c.roots; i++) {
      const dayOffset = Math.floor(random() * 14);
      // Timestamps are whole milliseconds, as a real server's are.
      const at =
        start + dayOffset * DAY + Math.floor((8 + random() * 10) * HOUR + random() * 60_000);
      const author = pick(authors);
      const rootIndex = plan.length;
      plan.push({
        at: Math.min(at, now - 20 * 60_000),
        channel,
        author,
        message: fill(templates[i % templates.length] ?? 'Hello!', channel, author),
      });
      if (random() < 0.4) {
        const replies = 1 + Math.floor(random() * 5);
        let t = plan[rootIndex]!.at;
        for (let r = 0; r < replies; r++) {
          t += Math.floor((5 + random() * 120) * 60_000);
          const replier = pick(authors);
          plan.push({
            at: Math.min(t, now - 5 * 60_000),
            channel,
            author: replier,
            message: fill(pick(REPLIES), channel, replier),
            root: rootIndex,
          });
        }
      }
    }
  }
  // Direct and group messages.
  const dm = (a: string, b: string) =>
    getOrCreateDirect(ctx, ids[a]!, ids[a]!, ids[b]!, start - 10 * DAY);
  const conversations: [Channel, string[], number][] = [
    [dm('alice', 'bob'), ['alice', 'bob'], 10],
    [dm('alice', 'carol'), ['alice', 'carol'], 6],
    [dm('bob', 'dave'), ['bob', 'dave'], 5],
    [dm('alice', 'grace'), ['alice', 'grace'], 4],
  ];
  const groupIds = ['alice', 'bob', 'carol'].map((u) => ids[u]!);
  conversations.push([
    getOrCreateGroup(ctx, ids['alice']!, groupIds, groupChannelName(groupIds), start - 10 * DAY),
    ['alice', 'bob', 'carol'],
    7,
  ]);
  for (const [channel, people, count] of conversations) {
    for (let i = 0; i < count; i++) {
      const at =
        start + 4 * DAY + Math.floor(((i + random()) / count) * 10 * DAY - random() * HOUR);
      plan.push({
        at: Math.min(at, now - 10 * 60_000),
        channel,
        author: ids[pick(people)]!,
        message: pick(DIRECT),
      });
    }
  }
  // A few fresh messages for alice to find unread.
  plan.push({
    at: now - 40 * 60_000,
    channel: channels['acme/engineering']!,
    author: ids['bob']!,
    message: '@alice the billing migration plan is ready for your sign-off. #planning',
  });
  plan.push({
    at: now - 25 * 60_000,
    channel: conversations[0]![0],
    author: ids['bob']!,
    message: 'Did you see my note in engineering? Need a decision today.',
  });
  plan.push({
    at: now - 15 * 60_000,
    channel: channels['acme/incidents']!,
    author: ids['dave']!,
    message: 'SEV3: intermittent 502s on the gateway, watching it. @channel FYI #incident',
  });

  // Posts with files, all older than the read marks: created before the history is replayed, so
  // that marking everything read at the cutoff counts them (a post created after the marks would
  // stay unread in every member's counts, whatever its time).
  const attach = (
    channelKey: string,
    username: string,
    message: string,
    file: { name: string; mime: string; data: Buffer; size?: { width: number; height: number } },
    at: number,
  ) => {
    const f = uploadFile(ctx, ids[username]!, file.name, file.mime, file.data, at, file.size);
    return createPost(ctx, ids[username]!, {
      channel_id: channels[channelKey]!.id,
      message,
      file_ids: [f.id],
      create_at: at,
    }).post;
  };
  const notes = attach(
    'acme/town-square',
    'judy',
    'Notes from the all-hands are attached. #allhands',
    { name: 'all-hands-notes.txt', mime: 'text/plain', data: Buffer.from(MEETING_NOTES) },
    now - 5 * DAY + 2 * HOUR,
  );
  notes.is_pinned = true;
  attach(
    'acme/engineering',
    'bob',
    'Weekly latency metrics per service, p50 and p95. #performance',
    { name: 'latency-metrics.csv', mime: 'text/csv', data: Buffer.from(latencyCsv()) },
    now - 2 * DAY + 3 * HOUR,
  );
  attach(
    'research/experiments',
    'frank',
    'Loss curve for run 412: converges after ~30k steps. #experiment',
    {
      name: 'loss-curve.png',
      mime: 'image/png',
      data: lossChartPng(),
      size: { width: 160, height: 100 },
    },
    now - 1 * DAY + 5 * HOUR,
  );

  plan.forEach((p, i) => ((p as Planned & { index: number }).index = i));
  const ordered = [...plan].sort((a, b) => a.at - b.at);
  const created = new Map<number, Post>();
  let markedRead = false;
  for (const p of ordered) {
    if (!markedRead && p.at > cutoff) {
      markEverythingRead(ctx, cutoff);
      markedRead = true;
    }
    const root = p.root !== undefined ? created.get(p.root) : undefined;
    if (p.root !== undefined && !root) continue;
    const { post } = createPost(ctx, p.author, {
      channel_id: p.channel.id,
      message: p.message,
      root_id: root?.id,
      create_at: p.at,
    });
    created.set((p as Planned & { index: number }).index, post);
  }
  if (!markedRead) markEverythingRead(ctx, cutoff);

  // Reactions on about a third of the posts, from other members.
  const posts = [...created.values()];
  for (const post of posts) {
    if (random() > 0.33) continue;
    const members = authorsOf(store.channels.get(post.channel_id)!).filter(
      (id) => id !== post.user_id,
    );
    const n = 1 + Math.floor(random() * 3);
    for (let i = 0; i < n && members.length; i++)
      addReaction(ctx, pick(members), post, pick(EMOJIS), post.create_at + 60_000);
  }

  // Pins: release and postmortem posts, and the first root of a few channels.
  for (const post of posts) {
    if (post.root_id) continue;
    if (/#postmortem|is cut|runbook/i.test(post.message)) post.is_pinned = true;
  }

  const aliceId = ids['alice']!;
  saveForLater(ctx, aliceId, posts);
  addBookmarks(ctx, channels['acme/engineering']!.id, ids['bob']!, start);
  scheduleMessage(ctx, aliceId, channels['acme/releases']!.id);
  setStatuses(ctx, ids);
  addProfileAttributes(ctx, ids);
  addSidebarCategory(ctx, aliceId, [channels['acme/releases']!, channels['acme/incidents']!]);

  return { ...result, demoUser: result.users['alice'] };
}
