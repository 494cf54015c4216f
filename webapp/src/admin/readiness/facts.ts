// Gathers what the Readiness panel judges, as the signed-in system admin: the server configuration,
// the bridge's bot, the OAuth app registered for the bridge, the outgoing webhooks calling it, and
// the bridge's own answers (health, whether it signs people in with OAuth).
import { findBridgeBot } from '../../bridge/bot';
import { checkBridgeHealth } from '../../bridge/health';
import type { Client } from '../../client/client';
import { bridgeUsesOAuth } from '../../bridge/oauth';
import { getServerConfig, listOAuthApps, listOutgoingHooks, oauthCallback } from './api';
import type { ReadinessFacts } from './needs';

function sameHost(url: string, bridgeUrl: string): boolean {
  try {
    return new URL(url).host === new URL(bridgeUrl).host;
  } catch {
    return false;
  }
}

export async function gatherFacts(
  client: Client,
  bridgeUrl: string | undefined,
): Promise<ReadinessFacts> {
  const [config, bot, apps, hooks, usesOAuth, health] = await Promise.all([
    getServerConfig(client),
    findBridgeBot(client),
    listOAuthApps(client),
    listOutgoingHooks(client),
    bridgeUrl ? bridgeUsesOAuth(client, bridgeUrl) : Promise.resolve(false),
    bridgeUrl ? checkBridgeHealth(client, bridgeUrl) : Promise.resolve(undefined),
  ]);
  return {
    config,
    bridgeUrl,
    bot,
    health,
    bridgeUsesOAuth: usesOAuth,
    oauthApp: bridgeUrl
      ? apps.find((app) => app.callback_urls.includes(oauthCallback(bridgeUrl)))
      : undefined,
    hooksToBridge: bridgeUrl
      ? hooks.filter((hook) => hook.callback_urls.some((url) => sameHost(url, bridgeUrl))).length
      : 0,
  };
}
