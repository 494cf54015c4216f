import type { Bot } from '@mattermost/types/bots';
import type { UserProfile } from '@mattermost/types/users';
import type { UserCalls } from './calls.js';

/** What an admin may change of another person's profile (`PUT /users/{id}/patch`). */
export interface AccountPatch {
  username?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  nickname?: string;
  position?: string;
}

/** A new account as a system admin makes it (`POST /users`). */
export interface NewAccount {
  username: string;
  email: string;
  password: string;
  first_name?: string;
  last_name?: string;
  nickname?: string;
}

/** Accounts of other people, for system admins: profiles, new accounts, one bot. */
export interface AccountsGateway {
  /** Changes another user's profile (`edit_other_users`: system admins). */
  patchUser(userId: string, patch: AccountPatch): Promise<UserProfile>;
  /** Creates an account (a system admin, or anyone when the server allows open sign-up). */
  createUser(account: NewAccount): Promise<UserProfile>;
  /** One bot by its user id (`GET /bots/{id}`): its own bots, or any for a system admin. */
  getBot(botUserId: string): Promise<Bot>;
}

export function accountsGateway({ userId, read, write, caches }: UserCalls): AccountsGateway {
  return {
    async patchUser(targetId, patch) {
      const user = await write('users.patch', (c) => c.patchUser({ id: targetId, ...patch }), {
        idempotent: true,
        forget: { users: targetId },
      });
      return caches.users.set(userId, user);
    },

    async createUser(account) {
      // A repeat would fail on the taken username: never retried.
      const user = await write(
        'users.create',
        (c) => c.createUser(account as unknown as UserProfile, '', ''),
        { idempotent: false },
      );
      return caches.users.set(userId, user);
    },

    getBot: (botUserId) => read('bots.get_one', (c) => c.getBot(botUserId)),
  };
}
