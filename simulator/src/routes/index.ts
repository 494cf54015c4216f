import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { registerBookmarkRoutes } from './bookmarks.js';
import { registerBotRoutes } from './bots.js';
import { registerChannelMemberRoutes } from './channel-members.js';
import { registerChannelListRoutes } from './channel-lists.js';
import { registerChannelRoutes } from './channels.js';
import { registerDiscoveryRoutes } from './discovery.js';
import { registerEmojiRoutes } from './emoji.js';
import { registerGroupRoutes } from './groups.js';
import { registerLicenseRoutes } from './license.js';
import { registerOAuthAppRoutes } from './oauth.js';
import { registerOAuthProviderRoutes } from './oauth-provider.js';
import { registerPostRoutes } from './posts.js';
import { registerPreferenceRoutes } from './preferences.js';
import { registerProfileAttributeRoutes } from './profile-attributes.js';
import { registerReactionRoutes } from './reactions.js';
import { registerRoleRoutes } from './roles.js';
import { registerScheduledPostRoutes } from './scheduled-posts.js';
import { registerSidebarRoutes } from './sidebar.js';
import { registerStatusRoutes } from './status.js';
import { registerSystemRoutes } from './system.js';
import { registerTeamInviteRoutes } from './team-invites.js';
import { registerTeamRoutes } from './teams.js';
import { registerThreadRoutes } from './threads.js';
import { registerTokenRoutes } from './tokens.js';
import { registerUserRoutes } from './users.js';
import { registerWebPages } from './web-pages.js';

/**
 * The core REST API under /api/v4. Order matters where a literal segment and a parameter compete
 * (`/users/tokens` before `/users/:user_id`), so the more specific domains come first.
 */
export function registerCoreRoutes(r: Router, ctx: SimContext): void {
  registerSystemRoutes(r, ctx);
  registerLicenseRoutes(r, ctx);
  registerTokenRoutes(r, ctx);
  registerStatusRoutes(r, ctx);
  // `/users/stats` must precede `/users/:user_id`.
  registerDiscoveryRoutes(r, ctx);
  // Early, as `/users/me` is the most frequent call; only `/users/tokens` must precede `/users/:user_id`.
  registerUserRoutes(r, ctx);
  registerBotRoutes(r, ctx);
  registerPreferenceRoutes(r, ctx);
  registerProfileAttributeRoutes(r, ctx);
  registerSidebarRoutes(r, ctx);
  registerThreadRoutes(r, ctx);
  registerScheduledPostRoutes(r, ctx);
  registerBookmarkRoutes(r, ctx);
  registerOAuthAppRoutes(r, ctx);
  registerRoleRoutes(r, ctx);
  registerGroupRoutes(r, ctx);
  registerChannelMemberRoutes(r, ctx);
  registerChannelRoutes(r, ctx);
  registerChannelListRoutes(r, ctx);
  registerTeamRoutes(r, ctx);
  registerTeamInviteRoutes(r, ctx);
  registerReactionRoutes(r, ctx);
  registerEmojiRoutes(r, ctx);
  registerPostRoutes(r, ctx);
}

/** Routes outside /api/v4: the OAuth provider's endpoints and the web app's sign-in page. */
export function registerRootRoutes(r: Router, ctx: SimContext): void {
  registerOAuthProviderRoutes(r, ctx);
  registerWebPages(r, ctx);
}
