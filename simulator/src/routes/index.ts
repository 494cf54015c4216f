import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { registerChannelMemberRoutes } from './channel-members.js';
import { registerChannelRoutes } from './channels.js';
import { registerPostRoutes } from './posts.js';
import { registerReactionRoutes } from './reactions.js';
import { registerStatusRoutes } from './status.js';
import { registerSystemRoutes } from './system.js';
import { registerTeamRoutes } from './teams.js';
import { registerTokenRoutes } from './tokens.js';
import { registerUserRoutes } from './users.js';

/**
 * The core REST API under /api/v4. Order matters where a literal segment and a parameter compete
 * (`/users/tokens` before `/users/:user_id`), so the more specific domains come first.
 */
export function registerCoreRoutes(r: Router, ctx: SimContext): void {
  registerSystemRoutes(r, ctx);
  registerTokenRoutes(r, ctx);
  registerStatusRoutes(r, ctx);
  registerChannelMemberRoutes(r, ctx);
  registerChannelRoutes(r, ctx);
  registerTeamRoutes(r, ctx);
  registerReactionRoutes(r, ctx);
  registerPostRoutes(r, ctx);
  registerUserRoutes(r, ctx);
}

/** Routes outside /api/v4 (the OAuth provider's endpoints). */
export function registerRootRoutes(_r: Router, _ctx: SimContext): void {}
