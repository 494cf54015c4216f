// The host's Redux store, holding the part of Mattermost's state plugins read: the client config
// (`entities.general.config`, string values as Mattermost sends them), the signed-in user
// (`entities.users`), the roles that user holds (`entities.roles.roles`) and, in the System
// Console, the server configuration (`entities.admin.config`), loaded before the plugin
// initializes, as Mattermost's page has them by then. `RECEIVED_CONFIG` replaces the server
// configuration, as Mattermost's reducer does; the System Console saves what the store holds.
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
    admin: { config?: Record<string, unknown> };
  };
}

export async function loadState(view: 'console' | 'settings'): Promise<HostState> {
  const [config, me] = await Promise.all([
    api<Record<string, string>>('GET', '/config/client?format=old'),
    api<HostUser>('GET', '/users/me'),
  ]);
  const roles = await api<HostRole[]>('POST', '/roles/names', me.roles.split(' ').filter(Boolean));
  const admin =
    view === 'console' ? await api<Record<string, unknown>>('GET', '/config') : undefined;
  return {
    entities: {
      general: { config },
      users: { currentUserId: me.id, profiles: { [me.id]: me } },
      roles: { roles: Object.fromEntries(roles.map((role) => [role.name, role])) },
      admin: { config: admin },
    },
  };
}

export function createStore(initial: HostState): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const { type, data } = action as { type?: string; data?: Record<string, unknown> };
      if (type === 'RECEIVED_CONFIG' && data) {
        state = { entities: { ...state.entities, admin: { config: data } } };
        listeners.forEach((listener) => listener());
      }
      return action;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
