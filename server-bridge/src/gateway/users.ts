import { pathSegment } from './types.js';
import type { UserPropertyField } from '@mattermost/types/properties';
import type { UserProfile, UserStatus } from '@mattermost/types/users';
import { inChunks, type UserCalls } from './calls.js';

/** The fields of their own profile a user may change. */
export interface ProfilePatch {
  nickname?: string;
  position?: string;
  first_name?: string;
  last_name?: string;
  /** Replaces the profile props (the bridge's bot advertises its URL there). */
  props?: Record<string, string>;
}

/** Users: profiles (cached per viewer), statuses and the user's own profile. */
export interface UsersGateway {
  getMe(): Promise<UserProfile>;
  getUser(userId: string): Promise<UserProfile>;
  getUserByUsername(username: string): Promise<UserProfile>;
  getUserByEmail(email: string): Promise<UserProfile>;
  /** Many users in one request (`POST /users/ids`), cached ones first; unknown ids are left out. */
  getUsersByIds(userIds: readonly string[]): Promise<Map<string, UserProfile>>;
  /** Many users by username in one request (`POST /users/usernames`); unknown names are left out. */
  getUsersByUsernames(usernames: readonly string[]): Promise<UserProfile[]>;
  searchUsers(term: string, limit?: number): Promise<UserProfile[]>;
  getStatus(userId: string): Promise<UserStatus>;
  /** Statuses of many users in one request (`POST /users/status/ids`). */
  getStatusesByIds(userIds: readonly string[]): Promise<UserStatus[]>;
  /** `dndEndTime` in Unix seconds, as Mattermost keeps it, for a timed "do not disturb". */
  setMyStatus(status: string, dndEndTime?: number): Promise<UserStatus>;
  setMyCustomStatus(custom: { emoji: string; text: string; expiresAt?: string }): Promise<void>;
  clearMyCustomStatus(): Promise<void>;
  patchMe(patch: ProfilePatch): Promise<UserProfile>;
  /** The custom profile attribute fields of the server (department, location...; Enterprise). */
  getProfileAttributeFields(): Promise<UserPropertyField[]>;
  /** A user's custom profile attribute values by field id: text, option ids or user ids. */
  getUserProfileAttributes(userId: string): Promise<Record<string, string | string[]>>;
}

export function usersGateway({ userId, read, write, caches }: UserCalls): UsersGateway {
  const remember = (user: UserProfile) => caches.users.set(userId, user);
  const rememberAll = (users: UserProfile[]) => users.map(remember);

  return {
    async getMe() {
      return remember(await read('users.get_me', (c) => c.getMe()));
    },

    async getUser(id) {
      const cached = caches.users.get(userId, id);
      if (cached) return cached;
      return remember(await read('users.get', (c) => c.getUser(id)));
    },

    async getUserByUsername(username) {
      return caches.usernames.lookup(userId, '', username, () =>
        read('users.get_by_username', (c) => c.getUserByUsername(pathSegment(username))),
      );
    },

    async getUserByEmail(email) {
      return remember(
        await read('users.get_by_email', (c) => c.getUserByEmail(pathSegment(email))),
      );
    },

    async getUsersByIds(userIds) {
      const found = new Map<string, UserProfile>();
      const missing: string[] = [];
      for (const id of new Set(userIds)) {
        const cached = caches.users.get(userId, id);
        if (cached) found.set(id, cached);
        else missing.push(id);
      }
      const fetched = await inChunks(missing, (chunk) =>
        read('users.get_by_ids', (c) => c.getProfilesByIds(chunk)),
      );
      for (const user of fetched) found.set(user.id, remember(user));
      return found;
    },

    async getUsersByUsernames(usernames) {
      return rememberAll(
        await inChunks([...new Set(usernames)], (chunk) =>
          read('users.get_by_usernames', (c) => c.getProfilesByUsernames(chunk)),
        ),
      );
    },

    async searchUsers(term, limit = 20) {
      return rememberAll(await read('users.search', (c) => c.searchUsers(term, { limit })));
    },

    getStatus(id) {
      return read('users.get_status', (c) => c.getStatus(id));
    },

    getStatusesByIds(userIds) {
      return inChunks([...new Set(userIds)], (chunk) =>
        read('users.get_statuses', (c) => c.getStatusesByIds(chunk)),
      );
    },

    setMyStatus(status, dndEndTime) {
      return write(
        'users.set_status',
        (c) =>
          c.updateStatus({
            user_id: userId,
            status,
            ...(dndEndTime ? { dnd_end_time: dndEndTime } : {}),
          }),
        { idempotent: true },
      );
    },

    async setMyCustomStatus(custom) {
      await write(
        'users.set_custom_status',
        (c) =>
          c.updateCustomStatus({
            emoji: custom.emoji,
            text: custom.text,
            duration: (custom.expiresAt ? 'date_and_time' : '') as never,
            ...(custom.expiresAt ? { expires_at: custom.expiresAt } : {}),
          }),
        { idempotent: true, forget: { users: userId } },
      );
    },

    async clearMyCustomStatus() {
      await write('users.clear_custom_status', (c) => c.unsetCustomStatus(), {
        idempotent: true,
        forget: { users: userId },
      });
    },

    async patchMe(patch) {
      const user = await write('users.patch_me', (c) => c.patchMe(patch), {
        idempotent: true,
        forget: { users: userId },
      });
      return remember(user);
    },

    getProfileAttributeFields() {
      return read('users.get_attribute_fields', (c) => c.getCustomProfileAttributeFields());
    },

    getUserProfileAttributes(ownerId) {
      // Client4 types the values as text; multi-value fields come back as lists.
      return read('users.get_attributes', (c) =>
        c.getUserCustomProfileAttributesValues(ownerId),
      ) as Promise<Record<string, string | string[]>>;
    },
  };
}
