// System Console custom setting "Bridge provisioning": creates the bridge's bot account (an ordinary
// bot) and issues its token, shown once as environment lines.
import * as React from 'react';
import { useCallback, useEffect, useState } from 'react';

import { BRIDGE_BOT_USERNAME, findBridgeBot, type MattermostUser } from '../../bridge/bot';
import { normalizeBridgeUrl } from '../../bridge/url';
import { useClient } from '../../client/context';
import { ApiError, describeError } from '../../client/errors';
import { CopyBlock } from '../../components/CopyBlock';
import { Notice } from '../../components/Notice';
import type { AdminConsoleCustomSettingProps } from '../../types/mattermost-webapp';
import { publicSiteUrl, savedPluginSetting } from '../plugin-config';
import { handOverSettings } from '../settings-handover/handover';
import { createBotToken, createBridgeBot, enableBot, makeOrdinaryBot } from './api';
import { BotRights, BotSteps } from './BotSteps';
import { bridgeEnvironment } from './environment';

type BotView =
  | { state: 'loading' }
  | { state: 'absent' }
  | { state: 'present'; user: MattermostUser }
  | { state: 'failed'; message: string };

export function Provisioning({ config }: Pick<AdminConsoleCustomSettingProps, 'config'>) {
  const client = useClient();
  const bridgeUrl = normalizeBridgeUrl(savedPluginSetting(config, 'BridgeURL'));
  const siteUrl = publicSiteUrl(config, client.siteUrl);

  const [bot, setBot] = useState<BotView>({ state: 'loading' });
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  // The token exists only here, for as long as the panel is open; Mattermost never shows it again.
  const [token, setToken] = useState<string>();

  const loadBot = useCallback(async () => {
    try {
      const user = await findBridgeBot(client);
      setBot(user ? { state: 'present', user } : { state: 'absent' });
    } catch (err) {
      setBot({
        state: 'failed',
        message: `Could not look up the ${BRIDGE_BOT_USERNAME} account: ${describeError(err)}`,
      });
    }
  }, [client]);

  useEffect(() => {
    void loadBot();
  }, [loadBot]);

  async function run(
    label: string,
    action: () => Promise<void>,
    hint?: (err: unknown) => string | undefined,
  ) {
    setBusy(label);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError([describeError(err), hint?.(err)].filter(Boolean).join(' '));
    } finally {
      setBusy(undefined);
    }
  }

  const createBot = () =>
    run(
      'Creating the bot account…',
      async () => {
        await createBridgeBot(client);
        await loadBot();
        // The bot holds the bridge's settings: it gets the saved ones at once.
        await handOverSettings(client);
      },
      (err) =>
        err instanceof ApiError && (err.status === 403 || err.status === 501)
          ? 'Turn on bot accounts in System Console > Integrations > Bot Accounts (Enable Bot Account Creation), then try again.'
          : undefined,
    );

  const enable = (user: MattermostUser) =>
    run('Enabling the bot account…', async () => {
      await enableBot(client, user.id);
      await loadBot();
    });

  const dropAdmin = (user: MattermostUser) =>
    run('Removing the System Admin role…', async () => {
      await makeOrdinaryBot(client, user.id);
      await loadBot();
    });

  const issueToken = (user: MattermostUser) =>
    run('Creating the bridge token…', async () => {
      const created = await createBotToken(client, user.id, new Date());
      setToken(created.token);
    });

  return (
    <section
      aria-label="Bridge provisioning"
      aria-busy={bot.state === 'loading' || busy !== undefined}
    >
      {bot.state === 'loading' ? (
        <p role="status">Looking up the {BRIDGE_BOT_USERNAME} bot account…</p>
      ) : null}
      {bot.state === 'failed' ? <Notice tone="error">{bot.message}</Notice> : null}
      {bot.state === 'absent' ? (
        <div>
          <p>
            Step 1. The bridge needs a bot account named <code>{BRIDGE_BOT_USERNAME}</code>. None
            exists yet.
          </p>
          <button
            type="button"
            className="btn btn-primary"
            onClick={createBot}
            disabled={busy !== undefined}
          >
            Create the {BRIDGE_BOT_USERNAME} bot account
          </button>
        </div>
      ) : null}
      {bot.state === 'present' ? (
        <BotSteps
          user={bot.user}
          busy={busy !== undefined}
          onEnable={() => enable(bot.user)}
          onDropAdmin={() => dropAdmin(bot.user)}
          onIssueToken={() => issueToken(bot.user)}
        />
      ) : null}
      <BotRights />
      {busy ? <p role="status">{busy}</p> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {token ? (
        <div>
          <Notice tone="warning">
            This token is shown only once. Put these lines in the bridge&apos;s environment (for
            example its .env file) and restart it; then hide the token.
          </Notice>
          {!bridgeUrl ? (
            <Notice tone="info">Save the Bridge URL setting to fill in BRIDGE_PUBLIC_URL.</Notice>
          ) : null}
          <CopyBlock
            label="bridge environment"
            text={bridgeEnvironment({ siteUrl, botToken: token, bridgeUrl })}
          />
          <CopyBlock label="bot token" text={token} />
          <button type="button" className="btn btn-tertiary" onClick={() => setToken(undefined)}>
            Done, hide the token
          </button>
        </div>
      ) : null}
    </section>
  );
}
