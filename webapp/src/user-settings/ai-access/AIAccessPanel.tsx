// "AI assistant access" for every user: which bridge this server uses and whether it is up; when the
// user may create a personal access token (worked out first, as Mattermost's Security tab does), a
// button that creates one for an assistant and shows it once with ready configurations, else one
// sentence on what a system admin must change; the user's AI assistant tokens with a Revoke button
// each; and the assistants connected through Mattermost sign-in (OAuth) with a Disconnect button each.
import * as React from 'react';
import { useCallback, useEffect, useState } from 'react';

import { advertisedBridge, findBridgeBot } from '../../bridge/bot';
import { checkBridgeHealth } from '../../bridge/health';
import { bridgeUsesOAuth } from '../../bridge/oauth';
import { mcpEndpoint, normalizeBridgeUrl } from '../../bridge/url';
import { useClient } from '../../client/context';
import { hostStore } from '../../host-store';
import { describeError } from '../../client/errors';
import { Notice } from '../../components/Notice';
import { useStableId } from '../../react-compat/hooks';
import {
  createAiAccessToken,
  explainTokenError,
  getMe,
  listAiAccessTokens,
  revokeToken,
  type AccessToken,
  type Me,
} from './api';
import {
  disconnectAssistant,
  listConnectedAssistants,
  type ConnectedAssistant,
} from './assistants';
import { BridgeSummary, type BridgeView } from './BridgeSummary';
import { tokenCapability } from './capability';
import { ASSISTANT_CLIENTS, type AssistantClientId } from './client-configs';
import { ConnectedAssistants } from './ConnectedAssistants';
import { CreatedToken, type Created } from './CreatedToken';
import type { Loaded } from './loaded';
import { TokenList } from './TokenList';

export function AIAccessPanel() {
  const client = useClient();
  const selectId = useStableId();
  const [bridge, setBridge] = useState<BridgeView>({ state: 'loading' });
  const [me, setMe] = useState<Loaded<Me>>({ state: 'loading' });
  const [capability] = useState(() => tokenCapability(hostStore()));
  const mayCreate = capability.kind !== 'refused';
  const [tokens, setTokens] = useState<Loaded<AccessToken[]>>({ state: 'loading' });
  const [assistants, setAssistants] = useState<Loaded<ConnectedAssistant[]>>({ state: 'loading' });
  const [choice, setChoice] = useState<AssistantClientId>('claude-desktop');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  // The token lives only in this component: closing the panel unmounts it and the token is gone.
  const [created, setCreated] = useState<Created>();

  const loadTokens = useCallback(
    async (userId: string) => {
      try {
        setTokens({ state: 'ready', value: await listAiAccessTokens(client, userId) });
      } catch (err) {
        setTokens({
          state: 'failed',
          message: `Could not list your tokens. ${explainTokenError(err)}`,
        });
      }
    },
    [client],
  );

  const loadAssistants = useCallback(async () => {
    try {
      setAssistants({ state: 'ready', value: await listConnectedAssistants(client) });
    } catch (err) {
      setAssistants({
        state: 'failed',
        message: `Could not list your connected assistants: ${describeError(err)}`,
      });
    }
  }, [client]);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const bot = await findBridgeBot(client);
        const advertised = bot ? advertisedBridge(bot) : {};
        const url = normalizeBridgeUrl(advertised.url);
        if (!live) return;
        if (!url) {
          setBridge({ state: 'missing' });
          return;
        }
        setBridge({ state: 'ready', url, version: advertised.version });
        const [health, oauth] = await Promise.all([
          checkBridgeHealth(client, url),
          bridgeUsesOAuth(client, url),
        ]);
        if (live) setBridge({ state: 'ready', url, version: advertised.version, health, oauth });
      } catch (err) {
        if (live)
          setBridge({
            state: 'failed',
            message: `Could not look up the bridge: ${describeError(err)}`,
          });
      }
    })();
    getMe(client).then(
      (user) => {
        if (!live) return;
        setMe({ state: 'ready', value: user });
        // Without the right to create tokens the user may not list them either: nothing to ask.
        if (mayCreate) void loadTokens(user.id);
        void loadAssistants();
      },
      (err) => {
        if (!live) return;
        const message = `Could not load your account: ${describeError(err)}`;
        setMe({ state: 'failed', message });
        setTokens({ state: 'failed', message });
      },
    );
    return () => {
      live = false;
    };
  }, [client, loadTokens, loadAssistants, mayCreate]);

  async function run(label: string, action: () => Promise<void>, explain = describeError) {
    setBusy(label);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(undefined);
    }
  }

  const enable = () => {
    if (me.state !== 'ready' || bridge.state !== 'ready') return;
    const clientName = ASSISTANT_CLIENTS.find((c) => c.id === choice)?.name ?? choice;
    const bridgeUrl = bridge.url;
    const userId = me.value.id;
    void run(
      'Creating a token…',
      async () => {
        const token = await createAiAccessToken(client, userId, clientName, new Date());
        setCreated({ token: token.token, bridgeUrl, clientId: choice });
        await loadTokens(userId);
      },
      (err) => `Could not enable AI assistant access. ${explainTokenError(err)}`,
    );
  };

  const revoke = (token: AccessToken) => {
    if (me.state !== 'ready') return;
    const userId = me.value.id;
    void run(
      `Revoking ${token.description}…`,
      async () => {
        await revokeToken(client, token.id);
        await loadTokens(userId);
      },
      (err) => `Could not revoke "${token.description}". ${explainTokenError(err)}`,
    );
  };

  const disconnect = (assistant: ConnectedAssistant) => {
    if (me.state !== 'ready') return;
    const userId = me.value.id;
    void run(`Disconnecting ${assistant.clientName}…`, async () => {
      await disconnectAssistant(client, userId, assistant);
      await loadAssistants();
    });
  };

  const canEnable = bridge.state === 'ready' && me.state === 'ready' && busy === undefined;
  const oauth = bridge.state === 'ready' && bridge.oauth === true;

  return (
    <section aria-label="AI assistant access" aria-busy={busy !== undefined}>
      <BridgeSummary bridge={bridge} />
      <h4>Connect an assistant</h4>
      {oauth ? (
        <p>
          Assistants that sign in with Mattermost need no token: add{' '}
          <code>{bridge.state === 'ready' ? mcpEndpoint(bridge.url) : ''}</code> to the assistant
          and approve it when Mattermost asks.
        </p>
      ) : null}
      {capability.kind === 'refused' ? (
        <Notice tone={oauth ? 'info' : 'warning'}>{capability.adminMustChange}</Notice>
      ) : (
        <>
          <p>
            Your assistant will act as you: it sees what you can see and posts as you. It gets a
            personal access token of its own, which you can revoke below at any time.
          </p>
          <div className="form-group">
            <label htmlFor={selectId}>Assistant you are connecting</label>
            <select
              id={selectId}
              className="form-control"
              value={choice}
              onChange={(e) => setChoice(e.target.value as AssistantClientId)}
            >
              {ASSISTANT_CLIENTS.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="btn btn-primary" onClick={enable} disabled={!canEnable}>
            Enable AI assistant access
          </button>
        </>
      )}
      {busy ? <p role="status">{busy}</p> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {created ? <CreatedToken created={created} onDone={() => setCreated(undefined)} /> : null}
      {mayCreate ? (
        <>
          <h4>Your AI assistant tokens</h4>
          <TokenList tokens={tokens} busy={busy !== undefined} onRevoke={revoke} />
        </>
      ) : null}
      <h4>Assistants connected through Mattermost sign-in</h4>
      <ConnectedAssistants
        assistants={assistants}
        busy={busy !== undefined}
        onDisconnect={disconnect}
      />
    </section>
  );
}
