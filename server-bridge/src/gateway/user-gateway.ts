import type { AccountsGateway } from './accounts.js';
import type { AdminGateway } from './admin.js';
import type { ChannelsGateway } from './channels.js';
import type { DiscoveryGateway } from './discovery.js';
import type { FilesGateway } from './files.js';
import type { GroupsGateway } from './groups.js';
import type { PeopleGateway } from './people.js';
import type { RolesGateway } from './roles.js';
import type { PostsGateway } from './posts.js';
import type { PreferencesGateway } from './preferences.js';
import type { ReactionsGateway } from './reactions.js';
import type { ScheduledGateway } from './scheduled.js';
import type { SearchGateway } from './search.js';
import type { TeamUpkeepGateway } from './team-upkeep.js';
import type { TeamsGateway } from './teams.js';
import type { ThreadsGateway } from './threads.js';
import type { UsersGateway } from './users.js';

export type { AnalyticsRow } from '@mattermost/types/admin';
export type { Bot } from '@mattermost/types/bots';
export type { ChannelBookmark } from '@mattermost/types/channel_bookmarks';
export type {
  ChannelCategory,
  OrderedChannelCategories,
} from '@mattermost/types/channel_categories';
export type {
  Channel,
  ChannelMembership,
  ChannelStats,
  ServerChannel,
} from '@mattermost/types/channels';
export type { FileInfo } from '@mattermost/types/files';
export type { IncomingWebhook, OutgoingWebhook } from '@mattermost/types/integrations';
export type { Post, PostList, PostSearchResults } from '@mattermost/types/posts';
export type { Reaction } from '@mattermost/types/reactions';
export type { ScheduledPost } from '@mattermost/types/schedule_post';
export type { Team, TeamMembership } from '@mattermost/types/teams';
export type { UserPropertyField } from '@mattermost/types/properties';
export type { UserThread, UserThreadList } from '@mattermost/types/threads';
export type { UserAccessToken, UserProfile, UserStatus } from '@mattermost/types/users';

export type { AccountPatch, NewAccount } from './accounts.js';
export type { NewOutgoingWebhook, ServerPing } from './admin.js';
export type { NewTeam, PostInfo } from './discovery.js';
export type {
  BookmarkPatch,
  ChannelPatch,
  ChannelUnreadCounts,
  NewBookmark,
  NewChannel,
} from './channels.js';
export type { NewPost, PostsPage, UnreadWindow } from './posts.js';
export type { CustomEmojiRecord } from './reactions.js';
export type { NewScheduledPost } from './scheduled.js';
export type { FileSearchPage, SearchPage } from './search.js';
export type { EmailInviteResult, TeamMemberResult, TeamPatch } from './team-upkeep.js';
export type { ProfilePatch } from './users.js';

/**
 * Typed Mattermost operations acting as one user, with that user's token, one domain per file of
 * `gateway/`. Reads are cached where it is safe (users, channels, teams; per viewing user, so one
 * user's access never leaks to another), retried on transient faults, rate limited and timed out;
 * writes are retried only when repeating them is harmless. Tools use only this.
 */
export interface UserGateway
  extends
    UsersGateway,
    TeamsGateway,
    ChannelsGateway,
    PreferencesGateway,
    PostsGateway,
    ReactionsGateway,
    ThreadsGateway,
    FilesGateway,
    SearchGateway,
    ScheduledGateway,
    AdminGateway,
    GroupsGateway,
    RolesGateway,
    PeopleGateway,
    TeamUpkeepGateway,
    DiscoveryGateway,
    AccountsGateway {
  /** The id of the user this gateway acts as. */
  readonly userId: string;
}
