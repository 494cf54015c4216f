import type { AnalyticsRow } from '@mattermost/types/admin';
import type { Bot } from '@mattermost/types/bots';
import type { IncomingWebhook, OutgoingWebhook } from '@mattermost/types/integrations';
import type { UserAccessToken, UserProfile } from '@mattermost/types/users';
import { REPEATABLE, RUN_ONCE, writesTo, type UserCalls } from './calls.js';

/** An outgoing webhook to create; Mattermost fills the rest. */
export interface NewOutgoingWebhook {
  teamId: string;
  channelId?: string;
  triggerWords: string[];
  callbackUrls: string[];
  displayName?: string;
  contentType?: string;
}

/** What `GET /system/ping?get_server_status=true` answers. */
export interface ServerPing {
  status: string;
  database_status?: string;
  filestore_status?: string;
  [key: string]: unknown;
}

/**
 * The server and its administration: configuration, statistics, user accounts, bots, webhooks and
 * access tokens. Mattermost answers 403 to anyone without the permission, as it does in its own UI.
 */
export interface AdminGateway {
  ping(): Promise<ServerPing>;
  /** The full server configuration; callers must redact secrets before showing any of it. */
  getConfig(): Promise<Record<string, unknown>>;
  /** Mattermost's client configuration (`GET /config/client?format=old`), for limits such as MaxFileSize. */
  getClientConfig(): Promise<Record<string, string>>;
  getAnalytics(name?: string, teamId?: string): Promise<AnalyticsRow[]>;
  listUsers(options: {
    page: number;
    perPage: number;
    inactive?: boolean;
    role?: string;
  }): Promise<UserProfile[]>;
  setUserActive(userId: string, active: boolean): Promise<void>;
  setUserRoles(userId: string, roles: string): Promise<void>;
  getBots(page: number, perPage: number, includeDisabled: boolean): Promise<Bot[]>;
  /** Mattermost's own fields; the names left out are empty. */
  createBot(bot: { username: string; display_name?: string; description?: string }): Promise<Bot>;
  disableBot(botUserId: string): Promise<Bot>;
  getIncomingWebhooks(teamId: string, page: number, perPage: number): Promise<IncomingWebhook[]>;
  getOutgoingWebhooks(
    options: { teamId?: string; channelId?: string },
    page: number,
    perPage: number,
  ): Promise<OutgoingWebhook[]>;
  getIncomingWebhook(hookId: string): Promise<IncomingWebhook>;
  getOutgoingWebhook(hookId: string): Promise<OutgoingWebhook>;
  createOutgoingWebhook(hook: NewOutgoingWebhook): Promise<OutgoingWebhook>;
  deleteIncomingWebhook(hookId: string): Promise<void>;
  deleteOutgoingWebhook(hookId: string): Promise<void>;
  getUserAccessTokens(userId: string, page: number, perPage: number): Promise<UserAccessToken[]>;
  revokeUserAccessToken(tokenId: string): Promise<void>;
}

export function adminGateway({ userId, read, write, caches }: UserCalls): AdminGateway {
  const changeAccount = writesTo(write, 'users');

  return {
    ping() {
      return read('system.ping', (c) => c.ping(true)) as Promise<ServerPing>;
    },

    async getConfig() {
      const config = await read('system.get_config', (c) => c.getConfig());
      return config as unknown as Record<string, unknown>;
    },

    async getClientConfig() {
      const config = await read('system.client_config', (c) => c.getClientConfig());
      return config as unknown as Record<string, string>;
    },

    getAnalytics(name = 'standard', teamId = '') {
      return read('system.get_analytics', (c) => c.getAnalytics(name, teamId));
    },

    async listUsers({ page, perPage, inactive, role }) {
      const users = await read('users.list', (c) =>
        c.getProfiles(page, perPage, {
          ...(inactive ? { inactive: true } : {}),
          ...(role ? { role } : {}),
        }),
      );
      return users.map((user) => caches.users.set(userId, user));
    },

    async setUserActive(targetId, active) {
      await changeAccount('users.set_active', targetId, REPEATABLE, (c) =>
        c.updateUserActive(targetId, active),
      );
    },

    async setUserRoles(targetId, roles) {
      await changeAccount('users.set_roles', targetId, REPEATABLE, (c) =>
        c.updateUserRoles(targetId, roles),
      );
    },

    getBots(page, perPage, includeDisabled) {
      return includeDisabled
        ? read('bots.get_all', (c) => c.getBotsIncludeDeleted(page, perPage))
        : read('bots.get', (c) => c.getBots(page, perPage));
    },

    createBot(bot) {
      const fields = { display_name: '', description: '', ...bot };
      return write('bots.create', (c) => c.createBot(fields), RUN_ONCE);
    },

    disableBot(botUserId) {
      return changeAccount('bots.disable', botUserId, REPEATABLE, (c) => c.disableBot(botUserId));
    },

    async getIncomingWebhooks(teamId, page, perPage) {
      const hooks = await read('webhooks.get_incoming', (c) =>
        c.getIncomingWebhooks(teamId, page, perPage),
      );
      return Array.isArray(hooks) ? hooks : hooks.incoming_webhooks;
    },

    getOutgoingWebhooks({ teamId, channelId }, page, perPage) {
      return read('webhooks.get_outgoing', (c) =>
        c.getOutgoingWebhooks(channelId ?? '', teamId ?? '', page, perPage),
      );
    },

    getIncomingWebhook(hookId) {
      return read('webhooks.get_incoming_one', (c) => c.getIncomingWebhook(hookId));
    },

    getOutgoingWebhook(hookId) {
      return read('webhooks.get_outgoing_one', (c) => c.getOutgoingWebhook(hookId));
    },

    createOutgoingWebhook(hook) {
      return write(
        'webhooks.create_outgoing',
        (c) =>
          c.createOutgoingWebhook({
            team_id: hook.teamId,
            channel_id: hook.channelId ?? '',
            trigger_words: hook.triggerWords,
            trigger_when: 0,
            callback_urls: hook.callbackUrls,
            display_name: hook.displayName ?? '',
            description: '',
            content_type: hook.contentType ?? 'application/json',
          } as OutgoingWebhook),
        RUN_ONCE,
      );
    },

    async deleteIncomingWebhook(hookId) {
      await write('webhooks.delete_incoming', (c) => c.removeIncomingWebhook(hookId), RUN_ONCE);
    },

    async deleteOutgoingWebhook(hookId) {
      await write('webhooks.delete_outgoing', (c) => c.removeOutgoingWebhook(hookId), RUN_ONCE);
    },

    getUserAccessTokens(targetId, page, perPage) {
      return read('tokens.get_for_user', (c) =>
        c.getUserAccessTokensForUser(targetId, page, perPage),
      );
    },

    async revokeUserAccessToken(tokenId) {
      await write('tokens.revoke', (c) => c.revokeUserAccessToken(tokenId), RUN_ONCE);
    },
  };
}
