import type {
  FileSearchPage,
  OrderedChannelCategories,
  PostInfo,
  PostList,
  ScheduledPost,
  ServerChannel,
  UserThread,
  UserThreadList,
} from '../gateway/user-gateway.js';

/** What a screen asks of the channel rules: whether a channel may be read. */
export interface ReadCheck {
  /** Throws PolicyError when the channel is hidden. */
  check(channelId: string): Promise<void>;
  /** The same for where post info says a post is, whose channel the user may not open. */
  checkSeen(place: PostInfo): Promise<void>;
  allows(channelId: string): Promise<boolean>;
}

async function keepReadable<T>(
  rows: readonly T[],
  channelOf: (row: T) => string | undefined,
  rules: ReadCheck,
): Promise<T[]> {
  const keep = await Promise.all(
    rows.map((row) => {
      const channelId = channelOf(row);
      return channelId ? rules.allows(channelId) : true;
    }),
  );
  return rows.filter((_row, i) => keep[i]);
}

/** The ids of an id-keyed page (a map of rows by id) whose rows may be read. */
async function readableIds<R>(
  byId: Record<string, R>,
  channelOf: (row: R) => string | undefined,
  rules: ReadCheck,
): Promise<Set<string>> {
  const kept = await keepReadable(Object.entries(byId), ([, row]) => channelOf(row), rules);
  return new Set(kept.map(([id]) => id));
}

function only<R>(byId: Record<string, R> | undefined, ids: Set<string>): Record<string, R> {
  return Object.fromEntries(Object.entries(byId ?? {}).filter(([id]) => ids.has(id)));
}

interface InChannel {
  channel_id: string;
}

/**
 * The named screens of answers: each knows where one shape of answer says its channel. A single
 * object of a hidden channel is refused; a list loses the rows of hidden channels. The gateway's
 * policy table names one for every method whose answer carries Mattermost content.
 */
export const SCREENS = {
  /** A channel: refused when hidden. */
  channel: async (answer: ServerChannel, rules: ReadCheck) => {
    await rules.check(answer.id);
    return answer;
  },
  /** Channels: the hidden ones left out. */
  channels: (answer: ServerChannel[], rules: ReadCheck) =>
    keepReadable(answer, (channel) => channel.id, rules),
  /** One record of a channel (post, membership, bookmark, webhook, statistics, ...); none when empty. */
  ownChannel: async <T extends InChannel>(answer: T, rules: ReadCheck) => {
    if (answer.channel_id) await rules.check(answer.channel_id);
    return answer;
  },
  /** Where a post is: refused when its channel is hidden, judged by the place for one not joined. */
  postInfo: async (answer: PostInfo, rules: ReadCheck) => {
    if (answer.channel_id) await rules.checkSeen(answer);
    return answer;
  },
  /** Records of channels: those of hidden channels left out. */
  rowChannels: <T extends InChannel>(answer: T[], rules: ReadCheck) =>
    keepReadable(answer, (row) => row.channel_id || undefined, rules),
  /** A post list or search page (`order`, `posts`, and `matches` for a search). */
  postList: async <T extends PostList & { matches?: Record<string, string[]> }>(
    answer: T,
    rules: ReadCheck,
  ) => {
    const kept = await readableIds(answer.posts, (post) => post.channel_id, rules);
    return {
      ...answer,
      posts: only(answer.posts, kept),
      order: answer.order.filter((id) => kept.has(id)),
      ...(answer.matches ? { matches: only(answer.matches, kept) } : {}),
    };
  },
  /** A file search page (`order`, `file_infos`). */
  fileSearch: async (answer: FileSearchPage, rules: ReadCheck) => {
    const kept = await readableIds(
      answer.file_infos,
      (file) => file.channel_id || undefined,
      rules,
    );
    return {
      ...answer,
      file_infos: only(answer.file_infos, kept),
      order: answer.order.filter((id) => kept.has(id)),
    };
  },
  /** A sidebar: the hidden channels left out of their categories, the categories kept. */
  sidebarCategories: async (answer: OrderedChannelCategories, rules: ReadCheck) => ({
    ...answer,
    categories: await Promise.all(
      answer.categories.map(async (category) => ({
        ...category,
        channel_ids: await keepReadable(category.channel_ids, (id) => id, rules),
      })),
    ),
  }),
  /** A followed thread: refused when its channel is hidden. */
  thread: async (answer: UserThread, rules: ReadCheck) => {
    await rules.check(answer.post.channel_id);
    return answer;
  },
  /** A page of followed threads: those of hidden channels left out. */
  threadList: async (answer: UserThreadList, rules: ReadCheck) => ({
    ...answer,
    threads: await keepReadable(answer.threads ?? [], (thread) => thread.post?.channel_id, rules),
  }),
  /** Scheduled posts grouped by team: those of hidden channels left out. */
  scheduledByTeam: async (answer: Record<string, ScheduledPost[]>, rules: ReadCheck) => {
    const groups = await Promise.all(
      Object.entries(answer).map(
        async ([team, posts]) =>
          [team, await keepReadable(posts, (post) => post.channel_id, rules)] as const,
      ),
    );
    return Object.fromEntries(groups);
  },
};

export type ScreenName = keyof typeof SCREENS;
