import { adminAccountTools } from './admin-accounts.js';
import { adminIntegrationTools } from './admin-integrations.js';
import { adminSystemTools } from './admin-system.js';
import { adminUserTools } from './admin-users.js';
import { bookmarkTools } from './bookmarks.js';
import { bulkTools } from './bulk.js';
import { channelManageTools } from './channel-manage.js';
import { channelFavoriteTools } from './channel-favorites.js';
import { channelMemberTools } from './channel-members.js';
import { channelNotificationTools } from './channel-notifications.js';
import { channelDirectoryTools } from './channel-directory.js';
import { channelTools } from './channels.js';
import type { AnyTool } from './define.js';
import { attentionTools } from './attention.js';
import { emojiTools } from './emojis.js';
import { fileLinkTools } from './file-links.js';
import { fileTools } from './files.js';
import { groupTools } from './groups.js';
import { peopleTools } from './people.js';
import { profileAttributeTools } from './profile-attributes.js';
import { roleTools } from './roles.js';
import { postActionTools } from './post-actions.js';
import { postInfoTools } from './post-info.js';
import { postTools } from './posts.js';
import { reactionTools } from './reactions.js';
import { scheduledTools } from './scheduled.js';
import { searchTools } from './search.js';
import { sidebarTools } from './sidebar.js';
import { statusTools } from './statuses.js';
import { teamUpkeepTools } from './team-upkeep.js';
import { teamTools } from './teams.js';
import { threadTools } from './threads.js';
import { unreadLineTools } from './unread-line.js';
import { unreadTools } from './unreads.js';
import { userTools } from './users.js';

/** Every tool of the bridge, one list; the registry decides which a session sees. */
export const allTools: readonly AnyTool[] = [
  ...userTools,
  ...teamTools,
  ...channelTools,
  // Channels, teams, users and admin beyond the basics.
  ...channelManageTools,
  ...channelMemberTools,
  ...channelDirectoryTools,
  ...sidebarTools,
  ...peopleTools,
  ...profileAttributeTools,
  ...roleTools,
  ...groupTools,
  ...channelNotificationTools,
  ...channelFavoriteTools,
  ...unreadTools,
  ...unreadLineTools,
  ...bookmarkTools,
  ...statusTools,
  ...adminSystemTools,
  ...adminUserTools,
  ...adminAccountTools,
  ...adminIntegrationTools,
  // Team upkeep and bulk forms: many people or channels in one call, answered per item.
  ...teamUpkeepTools,
  ...bulkTools,
  ...postTools,
  ...reactionTools,
  ...emojiTools,
  // Messages beyond the basics: posts, threads, search, files, scheduled messages, attention.
  ...postActionTools,
  ...postInfoTools,
  ...threadTools,
  ...searchTools,
  ...fileTools,
  ...fileLinkTools,
  ...scheduledTools,
  ...attentionTools,
];
