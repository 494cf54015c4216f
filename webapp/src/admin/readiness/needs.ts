// What the bridge needs of this Mattermost server, judged from facts the Readiness panel gathers as
// the admin: for each need whether it holds, what it means, and which fix (a REST call the panel
// makes) sets it up. Pure: the same facts give the same needs.
import { advertisedBridge, BRIDGE_BOT_USERNAME, type MattermostUser } from '../../bridge/bot';
import { summarizeHealth, type HealthCheck } from '../../bridge/health';
import type { OAuthApp, ServerConfig } from './api';
import { isAllowedInternal, isInternalHost } from './internal-hosts';

export interface ReadinessFacts {
  config: ServerConfig;
  /** The saved Bridge URL, normalized; undefined when none is saved. */
  bridgeUrl?: string;
  bot?: MattermostUser;
  health?: HealthCheck;
  /** Whether the bridge signs people in with Mattermost (its protected resource metadata). */
  bridgeUsesOAuth: boolean;
  /** The OAuth app whose callback is the bridge's, when registered. */
  oauthApp?: OAuthApp;
  /** Outgoing webhooks that call the bridge. */
  hooksToBridge: number;
}

export type FixId =
  | 'enable-tokens'
  | 'enable-bots'
  | 'create-bot'
  | 'enable-bot'
  | 'issue-token'
  | 'register-oauth'
  | 'enable-oauth'
  | 'new-oauth-secret'
  | 'check-bridge'
  | 'allow-webhook-host';

export interface Need {
  id: 'tokens' | 'bots' | 'bot' | 'oauth' | 'reachable' | 'webhook-host';
  title: string;
  state: 'holds' | 'missing' | 'optional';
  meaning: string;
  fix?: { id: FixId; label: string };
}

function tokensNeed({ config }: ReadinessFacts): Need {
  const on = config.ServiceSettings?.EnableUserAccessTokens === true;
  return {
    id: 'tokens',
    title: 'Personal access tokens are on',
    state: on ? 'holds' : 'missing',
    meaning: on
      ? 'People with the token role can create a token for each assistant in their AI assistant access settings.'
      : 'Off, as on every new server: Mattermost refuses every personal access token and nobody can create one. Assistants can then connect only through OAuth.',
    fix: on ? undefined : { id: 'enable-tokens', label: 'Turn on personal access tokens' },
  };
}

function botsNeed({ config, bot }: ReadinessFacts): Need {
  const on = config.ServiceSettings?.EnableBotAccountCreation === true;
  const botExists = bot?.is_bot === true;
  return {
    id: 'bots',
    title: 'Bot account creation is on',
    state: on || botExists ? 'holds' : 'missing',
    meaning: botExists
      ? `The ${BRIDGE_BOT_USERNAME} bot exists, so bot account creation may stay as it is.`
      : `Needed once, to create the bridge's bot account, ${BRIDGE_BOT_USERNAME}. Off on every new server.`,
    fix: on || botExists ? undefined : { id: 'enable-bots', label: 'Turn on bot account creation' },
  };
}

function botNeed({ bot, bridgeUrl }: ReadinessFacts): Need {
  const title = `The bridge's bot account, ${BRIDGE_BOT_USERNAME}, is provisioned`;
  if (!bot)
    return {
      id: 'bot',
      title,
      state: 'missing',
      meaning:
        'The bridge reads its settings from this ordinary bot and tells users its address through it.',
      fix: { id: 'create-bot', label: `Create the ${BRIDGE_BOT_USERNAME} bot account` },
    };
  if (!bot.is_bot)
    return {
      id: 'bot',
      title,
      state: 'missing',
      meaning: `A regular user holds the username ${BRIDGE_BOT_USERNAME}: rename or deactivate that user in System Console > Users, then reload this page.`,
    };
  if (bot.delete_at > 0)
    return {
      id: 'bot',
      title,
      state: 'missing',
      meaning: 'The bot account is disabled: the bridge cannot use its token.',
      fix: { id: 'enable-bot', label: `Enable the ${BRIDGE_BOT_USERNAME} bot account` },
    };
  const advertised = advertisedBridge(bot).url;
  if (!advertised)
    return {
      id: 'bot',
      title,
      state: 'missing',
      meaning:
        'The bot exists, but no bridge runs with its token yet: create a token, put the lines shown in the bridge’s environment, and start the bridge.',
      fix: { id: 'issue-token', label: 'Create a bridge token' },
    };
  return {
    id: 'bot',
    title,
    state: 'holds',
    meaning:
      advertised === bridgeUrl || !bridgeUrl
        ? `A bridge runs with the bot's token and tells users to connect to ${advertised}.`
        : `A bridge runs with the bot's token but tells users to connect to ${advertised}, not the saved Bridge URL: set BRIDGE_PUBLIC_URL=${bridgeUrl} on the bridge, or leave it unset so the bridge uses the saved URL.`,
  };
}

function oauthNeed({ config, bridgeUrl, bridgeUsesOAuth, oauthApp }: ReadinessFacts): Need {
  const title = 'OAuth sign-in works (when the bridge uses it)';
  const provider = config.ServiceSettings?.EnableOAuthServiceProvider === true;
  const register = bridgeUrl
    ? { id: 'register-oauth' as const, label: "Register the bridge's OAuth app" }
    : undefined;
  if (!oauthApp && !bridgeUsesOAuth)
    return {
      id: 'oauth',
      title,
      state: 'optional',
      meaning:
        'Optional. With OAuth, people connect an assistant by signing in to Mattermost: no personal access token, no token role. One click turns on the OAuth service provider and registers the bridge.',
      fix: register,
    };
  if (!oauthApp)
    return {
      id: 'oauth',
      title,
      state: 'missing',
      meaning: `The bridge signs people in with Mattermost, but no OAuth app has its callback (${bridgeUrl ?? '<Bridge URL>'}/oauth/callback).`,
      fix: register,
    };
  if (!provider)
    return {
      id: 'oauth',
      title,
      state: 'missing',
      meaning:
        'The OAuth service provider is off, so Mattermost refuses every OAuth sign-in (it is off on every new server).',
      fix: { id: 'enable-oauth', label: 'Turn on the OAuth service provider' },
    };
  if (!bridgeUsesOAuth)
    return {
      id: 'oauth',
      title,
      state: 'missing',
      meaning:
        'The OAuth app is registered, but the bridge does not use it yet: put MATTERMOST_OAUTH_CLIENT_ID and MATTERMOST_OAUTH_CLIENT_SECRET in its environment and restart it. The secret is shown only once; a new one replaces it.',
      fix: { id: 'new-oauth-secret', label: 'Show the OAuth lines with a new secret' },
    };
  return {
    id: 'oauth',
    title,
    state: 'holds',
    meaning: 'Assistants can sign people in with Mattermost.',
  };
}

function reachableNeed({ bridgeUrl, health }: ReadinessFacts): Need {
  const title = 'The bridge is reachable';
  if (!bridgeUrl)
    return { id: 'reachable', title, state: 'missing', meaning: 'Save the Bridge URL first.' };
  if (!health) return { id: 'reachable', title, state: 'missing', meaning: 'Checking the bridge…' };
  const summary = summarizeHealth(health);
  return {
    id: 'reachable',
    title,
    state: summary.tone === 'ok' ? 'holds' : 'missing',
    meaning: summary.text,
    fix:
      summary.tone === 'ok' ? undefined : { id: 'check-bridge', label: 'Check the bridge again' },
  };
}

function webhookHostNeed({ config, bridgeUrl, hooksToBridge }: ReadinessFacts): Need {
  const title = "Mattermost may call the bridge's host (outgoing webhooks)";
  if (!bridgeUrl)
    return { id: 'webhook-host', title, state: 'optional', meaning: 'Save the Bridge URL first.' };
  const host = new URL(bridgeUrl).hostname;
  const setting = config.ServiceSettings?.AllowedUntrustedInternalConnections;
  if (!isInternalHost(host))
    return {
      id: 'webhook-host',
      title,
      state: 'holds',
      meaning: `${host} is not a private address, so Mattermost calls it without an allowance.`,
    };
  if (isAllowedInternal(host, setting))
    return {
      id: 'webhook-host',
      title,
      state: 'holds',
      meaning: `${host} is private, and Allow untrusted internal connections lists it.`,
    };
  return {
    id: 'webhook-host',
    title,
    state: hooksToBridge > 0 ? 'missing' : 'optional',
    meaning: `${host} is a private or loopback address: Mattermost refuses to deliver outgoing webhooks to it unless ServiceSettings.AllowedUntrustedInternalConnections lists it${hooksToBridge > 0 ? ` (${hooksToBridge} outgoing webhook${hooksToBridge === 1 ? '' : 's'} call the bridge now)` : ''}.`,
    fix: { id: 'allow-webhook-host', label: `Allow Mattermost to call ${host}` },
  };
}

export function assessNeeds(facts: ReadinessFacts): Need[] {
  return [
    tokensNeed(facts),
    botsNeed(facts),
    botNeed(facts),
    oauthNeed(facts),
    reachableNeed(facts),
    webhookHostNeed(facts),
  ];
}
