import { accountsGateway } from './accounts.js';
import { adminGateway } from './admin.js';
import type { GatewayCaches } from './caches.js';
import { userCalls } from './calls.js';
import { channelsGateway } from './channels.js';
import { discoveryGateway } from './discovery.js';
import { filesGateway } from './files.js';
import { groupsGateway } from './groups.js';
import { peopleGateway } from './people.js';
import { rolesGateway } from './roles.js';
import type { Client4 } from './mattermost-client.js';
import { postsGateway } from './posts.js';
import { preferencesGateway } from './preferences.js';
import { reactionsGateway } from './reactions.js';
import { scheduledGateway } from './scheduled.js';
import { searchGateway } from './search.js';
import { teamUpkeepGateway } from './team-upkeep.js';
import { teamsGateway } from './teams.js';
import { threadsGateway } from './threads.js';
import type { UpstreamCaller } from './upstream.js';
import type { UserGateway } from './user-gateway.js';
import { usersGateway } from './users.js';

/** The UserGateway acting as one user through that user's own Client4: every domain over one call path. */
export function createUserGateway(
  userId: string,
  client: Client4,
  upstream: UpstreamCaller,
  caches: GatewayCaches,
  /** Called when Mattermost refuses the token, so the next request verifies it again. */
  onUnauthorized: () => void,
): UserGateway {
  const calls = userCalls(userId, client, upstream, caches, onUnauthorized);
  return {
    userId,
    ...usersGateway(calls),
    ...teamsGateway(calls),
    ...channelsGateway(calls),
    ...preferencesGateway(calls),
    ...postsGateway(calls),
    ...reactionsGateway(calls),
    ...threadsGateway(calls),
    ...filesGateway(calls),
    ...searchGateway(calls),
    ...scheduledGateway(calls),
    ...adminGateway(calls),
    ...groupsGateway(calls),
    ...rolesGateway(calls),
    ...peopleGateway(calls),
    ...teamUpkeepGateway(calls),
    ...discoveryGateway(calls),
    ...accountsGateway(calls),
  };
}
