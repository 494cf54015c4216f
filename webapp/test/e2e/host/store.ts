// The host's Redux store, holding the part of Mattermost's state plugins read: the client config
// (`entities.general.config`, string values as Mattermost sends them), the signed-in user
// (`entities.users`) and the roles that user holds (`entities.roles.roles`), loaded before the
// plugin initializes, as Mattermost's page has them by then.
import type { Store } from '../../../src/types/mattermost-webapp';
import { api } from './api.js';

interface HostUser {
  id: string;
  username: string;
  roles: string;
}

interface HostRole {
  name: string;
  permissions: string[];
}

export interface HostState {
  entities: {
    general: { config: Record<string, string> };
    users: { currentUserId: string; profiles: Record<string, HostUser> };
    roles: { roles: Record<string, HostRole> };
  };
}

export async function loadState(): Promise<HostState> {
  const [config, me] = await Promise.all([
    api<Record<string, string>>('GET', '/config/client?format=old'),
    api<HostUser>('GET', '/users/me'),
  ]);
  const roles = await api<HostRole[]>('POST', '/roles/names', me.roles.split(' ').filter(Boolean));
  return {
    entities: {
      general: { config },
      users: { currentUserId: me.id, profiles: { [me.id]: me } },
      roles: { roles: Object.fromEntries(roles.map((role) => [role.name, role])) },
    },
  };
}

export function createStore(state: HostState): Store {
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch: (action) => action,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
