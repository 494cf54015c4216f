/** The bridge's resource URIs, built and recognised in one place. */
export const ResourceUris = {
  me: 'mattermost://me',
  teams: 'mattermost://teams',
  mentions: 'mattermost://me/mentions',
  unreads: 'mattermost://me/unreads',
  webhooks: 'mattermost://webhooks/outgoing',
  teamChannels: (teamId: string) => `mattermost://teams/${teamId}/channels`,
  channelPosts: (channelId: string) => `mattermost://channels/${channelId}/posts`,
  thread: (postId: string) => `mattermost://posts/${postId}/thread`,
  userStatus: (userId: string) => `mattermost://users/${userId}/status`,
  teamEvents: (teamId: string) => `mattermost://teams/${teamId}/events`,
  file: (fileId: string) => `mattermost://files/${fileId}`,
} as const;

export type ParsedResourceUri =
  | { kind: 'me' | 'teams' | 'mentions' | 'unreads' | 'webhooks' }
  | { kind: 'teamChannels' | 'teamEvents'; teamId: string }
  | { kind: 'channelPosts'; channelId: string }
  | { kind: 'thread'; postId: string }
  | { kind: 'userStatus'; userId: string }
  | { kind: 'file'; fileId: string };

const ID = '([a-z0-9]{26})';
const PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => ParsedResourceUri]> = [
  [/^mattermost:\/\/me$/, () => ({ kind: 'me' })],
  [/^mattermost:\/\/teams$/, () => ({ kind: 'teams' })],
  [/^mattermost:\/\/me\/mentions$/, () => ({ kind: 'mentions' })],
  [/^mattermost:\/\/me\/unreads$/, () => ({ kind: 'unreads' })],
  [/^mattermost:\/\/webhooks\/outgoing$/, () => ({ kind: 'webhooks' })],
  [
    new RegExp(`^mattermost://teams/${ID}/channels$`),
    (m) => ({ kind: 'teamChannels', teamId: m[1]! }),
  ],
  [new RegExp(`^mattermost://teams/${ID}/events$`), (m) => ({ kind: 'teamEvents', teamId: m[1]! })],
  [
    new RegExp(`^mattermost://channels/${ID}/posts$`),
    (m) => ({ kind: 'channelPosts', channelId: m[1]! }),
  ],
  [new RegExp(`^mattermost://posts/${ID}/thread$`), (m) => ({ kind: 'thread', postId: m[1]! })],
  [new RegExp(`^mattermost://users/${ID}/status$`), (m) => ({ kind: 'userStatus', userId: m[1]! })],
  [new RegExp(`^mattermost://files/${ID}$`), (m) => ({ kind: 'file', fileId: m[1]! })],
];

/** The resource a URI names, or undefined when the bridge serves no such resource. */
export function parseResourceUri(uri: string): ParsedResourceUri | undefined {
  for (const [pattern, build] of PATTERNS) {
    const m = uri.match(pattern);
    if (m) return build(m);
  }
  return undefined;
}
