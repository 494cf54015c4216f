import { channelTools } from './channels.js';
import type { AnyTool } from './define.js';
import { postTools } from './posts.js';
import { reactionTools } from './reactions.js';
import { teamTools } from './teams.js';
import { userTools } from './users.js';

/** Every tool of the bridge, one list; the registry decides which a session sees. */
export const allTools: readonly AnyTool[] = [
  ...userTools,
  ...teamTools,
  ...channelTools,
  ...postTools,
  ...reactionTools,
];
