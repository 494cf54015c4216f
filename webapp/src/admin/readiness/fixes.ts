// The fixes the Readiness panel offers, each a few REST calls as the signed-in system admin. A fix
// that shows secrets (a token, an OAuth client secret) answers them as environment lines, shown once.
import { findBridgeBot } from '../../bridge/bot';
import type { Client } from '../../client/client';
import { announceConfig } from '../../host-store';
import { createBotToken, createBridgeBot, enableBot } from '../provisioning/api';
import { bridgeEnvironment } from '../provisioning/environment';
import { handOverSettings } from '../settings-handover/handover';
import {
  createBridgeOAuthApp,
  patchServiceSettings,
  type OAuthApp,
  type ServerConfig,
} from './api';
import { withAllowedHost } from './internal-hosts';
import type { FixId, ReadinessFacts } from './needs';

export interface Shown {
  /** What the lines are, e.g. "bridge environment". */
  label: string;
  text: string;
}

interface FixContext {
  client: Client;
  facts: ReadinessFacts;
  /** The site URL the bridge should use for Mattermost. */
  siteUrl: string;
}

async function patch(client: Client, settings: NonNullable<ServerConfig['ServiceSettings']>) {
  announceConfig(await patchServiceSettings(client, settings));
}

export function oauthEnvironment(app: OAuthApp): string {
  return [
    `MATTERMOST_OAUTH_CLIENT_ID=${app.id}`,
    `MATTERMOST_OAUTH_CLIENT_SECRET=${app.client_secret ?? ''}`,
  ].join('\n');
}

export async function runFix(
  id: FixId,
  { client, facts, siteUrl }: FixContext,
): Promise<Shown | void> {
  const service = facts.config.ServiceSettings ?? {};
  switch (id) {
    case 'enable-tokens':
      return patch(client, { EnableUserAccessTokens: true });
    case 'enable-bots':
      return patch(client, { EnableBotAccountCreation: true });
    case 'create-bot':
      if (!service.EnableBotAccountCreation)
        await patch(client, { EnableBotAccountCreation: true });
      await createBridgeBot(client);
      await handOverSettings(client);
      return;
    case 'enable-bot':
      if (facts.bot) await enableBot(client, facts.bot.id);
      return;
    case 'issue-token': {
      const bot = facts.bot ?? (await findBridgeBot(client));
      if (!bot) return;
      const token = await createBotToken(client, bot.id, new Date());
      return {
        label: 'bridge environment',
        text: bridgeEnvironment({ siteUrl, botToken: token.token, bridgeUrl: facts.bridgeUrl }),
      };
    }
    case 'register-oauth': {
      if (!facts.bridgeUrl) return;
      if (!service.EnableOAuthServiceProvider)
        await patch(client, { EnableOAuthServiceProvider: true });
      const app = await createBridgeOAuthApp(client, facts.bridgeUrl);
      return { label: 'OAuth environment', text: oauthEnvironment(app) };
    }
    case 'enable-oauth':
      return patch(client, { EnableOAuthServiceProvider: true });
    case 'new-oauth-secret': {
      if (!facts.oauthApp) return;
      const app = await client.post<OAuthApp>(`/oauth/apps/${facts.oauthApp.id}/regen_secret`);
      return { label: 'OAuth environment', text: oauthEnvironment(app) };
    }
    case 'check-bridge':
      return;
    case 'allow-webhook-host': {
      if (!facts.bridgeUrl) return;
      const host = new URL(facts.bridgeUrl).hostname;
      return patch(client, {
        AllowedUntrustedInternalConnections: withAllowedHost(
          service.AllowedUntrustedInternalConnections,
          host,
        ),
      });
    }
  }
}
