import type { SimContext } from '../context.js';
import type { Channel } from '../store/types.js';
import { createPost } from './posts.js';

// The system messages Mattermost posts when a channel or team changes (app/channel.go, app/team.go):
// type, author, props and English message as the server stores them. Clients render their own
// text from the props; the message is what API readers and search see.

/** Membership notices; Mattermost leaves them out of a channel's message counts (Post.IsJoinLeaveMessage). */
const JOIN_LEAVE_TYPES = new Set([
  'system_join_channel',
  'system_leave_channel',
  'system_join_team',
  'system_leave_team',
  'system_add_to_channel',
  'system_remove_from_channel',
  'system_add_to_team',
  'system_remove_from_team',
]);

export function isJoinLeaveType(type: string): boolean {
  return JOIN_LEAVE_TYPES.has(type);
}

const usernameOf = (ctx: SimContext, userId: string): string =>
  ctx.store.user(userId)?.username ?? userId;

/** Only public and private channels carry system messages; direct and group messages never do. */
function carriesSystemMessages(channel: Channel | undefined): channel is Channel {
  return channel !== undefined && (channel.type === 'O' || channel.type === 'P');
}

function postSystemMessage(
  ctx: SimContext,
  channel: Channel,
  userId: string,
  type: string,
  message: string,
  props: Record<string, unknown>,
): void {
  createPost(ctx, userId, { channel_id: channel.id, message, type, props }, { setOnline: false });
}

/** `system_join_channel` by the user who joined, or `system_add_to_channel` by whoever added them. */
export function postMemberAdded(
  ctx: SimContext,
  channel: Channel | undefined,
  userId: string,
  addedBy: string,
): void {
  if (!carriesSystemMessages(channel)) return;
  const username = usernameOf(ctx, userId);
  if (addedBy === userId) {
    postSystemMessage(
      ctx,
      channel,
      userId,
      'system_join_channel',
      `${username} joined the channel.`,
      {
        username,
      },
    );
    return;
  }
  const adder = usernameOf(ctx, addedBy);
  postSystemMessage(
    ctx,
    channel,
    addedBy,
    'system_add_to_channel',
    `${username} added to the channel by ${adder}.`,
    { userId: addedBy, username: adder, addedUserId: userId, addedUsername: username },
  );
}

/**
 * `system_leave_channel` by the user who left, or `system_remove_from_channel` by whoever removed
 * them. Both messages name the user as `@username`, as Mattermost writes them.
 */
export function postMemberRemoved(
  ctx: SimContext,
  channel: Channel | undefined,
  userId: string,
  removerId: string,
): void {
  if (!carriesSystemMessages(channel)) return;
  const username = usernameOf(ctx, userId);
  if (removerId === userId) {
    postSystemMessage(
      ctx,
      channel,
      userId,
      'system_leave_channel',
      `@${username} left the channel.`,
      {
        username,
      },
    );
    return;
  }
  postSystemMessage(
    ctx,
    channel,
    removerId,
    'system_remove_from_channel',
    `@${username} removed from the channel.`,
    { removedUserId: userId, removedUsername: username },
  );
}

/** In town-square: `system_join_team` by the user who joined, or `system_add_to_team` by whoever added them. */
export function postTeamMemberAdded(
  ctx: SimContext,
  townSquare: Channel | undefined,
  userId: string,
  addedBy: string,
): void {
  if (!carriesSystemMessages(townSquare)) return;
  const username = usernameOf(ctx, userId);
  if (addedBy === userId) {
    postSystemMessage(ctx, townSquare, userId, 'system_join_team', `${username} joined the team.`, {
      username,
    });
    return;
  }
  const adder = usernameOf(ctx, addedBy);
  postSystemMessage(
    ctx,
    townSquare,
    addedBy,
    'system_add_to_team',
    `${username} added to the team by ${adder}.`,
    { userId: addedBy, username: adder, addedUserId: userId, addedUsername: username },
  );
}

/** In town-square: `system_leave_team` by the user who left, or `system_remove_from_team` by the remover. */
export function postTeamMemberRemoved(
  ctx: SimContext,
  townSquare: Channel | undefined,
  userId: string,
  removerId: string,
): void {
  if (!carriesSystemMessages(townSquare)) return;
  const username = usernameOf(ctx, userId);
  if (removerId === userId) {
    postSystemMessage(ctx, townSquare, userId, 'system_leave_team', `${username} left the team.`, {
      username,
    });
    return;
  }
  const remover = usernameOf(ctx, removerId);
  postSystemMessage(
    ctx,
    townSquare,
    removerId,
    'system_remove_from_team',
    `${username} removed from the team.`,
    { userId: removerId, username: remover, removedUserId: userId, removedUsername: username },
  );
}

/** What a channel patch can change that Mattermost announces. */
export interface ChannelTexts {
  display_name: string;
  header: string;
  purpose: string;
}

/** Mattermost's three wordings: set (was empty), removed (now empty), changed. */
function changeMessage(username: string, what: string, previous: string, next: string): string {
  if (!previous) return `${username} updated the channel ${what} to: ${next}`;
  if (!next) return `${username} removed the channel ${what} (was: ${previous})`;
  return `${username} updated the channel ${what} from: ${previous} to: ${next}`;
}

/**
 * After a channel update: `system_displayname_change`, `system_header_change` and
 * `system_purpose_change` for each text that changed, in that order, by the user who changed it.
 */
export function postChannelChanges(
  ctx: SimContext,
  channel: Channel,
  before: ChannelTexts,
  userId: string,
): void {
  if (!carriesSystemMessages(channel)) return;
  const username = usernameOf(ctx, userId);
  if (before.display_name !== channel.display_name) {
    postSystemMessage(
      ctx,
      channel,
      userId,
      'system_displayname_change',
      `${username} updated the channel display name from: ${before.display_name} to: ${channel.display_name}`,
      { username, old_displayname: before.display_name, new_displayname: channel.display_name },
    );
  }
  if (before.header !== channel.header) {
    postSystemMessage(
      ctx,
      channel,
      userId,
      'system_header_change',
      changeMessage(username, 'header', before.header, channel.header),
      { username, old_header: before.header, new_header: channel.header },
    );
  }
  if (before.purpose !== channel.purpose) {
    postSystemMessage(
      ctx,
      channel,
      userId,
      'system_purpose_change',
      changeMessage(username, 'purpose', before.purpose, channel.purpose),
      { username, old_purpose: before.purpose, new_purpose: channel.purpose },
    );
  }
}

/** `system_channel_deleted`, posted while the channel can still take posts (before it is archived). */
export function postChannelArchived(ctx: SimContext, channel: Channel, userId: string): void {
  if (!carriesSystemMessages(channel)) return;
  const username = usernameOf(ctx, userId);
  postSystemMessage(
    ctx,
    channel,
    userId,
    'system_channel_deleted',
    `${username} archived the channel.`,
    {
      username,
    },
  );
}

/** `system_channel_restored`, posted once the channel is back. */
export function postChannelRestored(ctx: SimContext, channel: Channel, userId: string): void {
  if (!carriesSystemMessages(channel)) return;
  const username = usernameOf(ctx, userId);
  postSystemMessage(
    ctx,
    channel,
    userId,
    'system_channel_restored',
    `${username} unarchived the channel.`,
    { username },
  );
}
