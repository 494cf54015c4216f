// System Console custom setting "Outgoing webhook": creates a hook that posts a channel's messages to
// the bridge's /hooks/outgoing as JSON, and shows the line that tells the bridge to trust it. A
// bridge on a private or loopback address gets no webhook from Mattermost unless the host is in
// AllowedUntrustedInternalConnections: the panel says so and offers to add it.
import * as React from 'react';
import { useEffect, useState } from 'react';

import { normalizeBridgeUrl } from '../../bridge/url';
import { useClient } from '../../client/context';
import { describeError } from '../../client/errors';
import { CopyBlock } from '../../components/CopyBlock';
import { Notice } from '../../components/Notice';
import { useStableId } from '../../react-compat/hooks';
import type { AdminConsoleCustomSettingProps } from '../../types/mattermost-webapp';
import { savedPluginSetting } from '../plugin-config';
import { PrivateHostWarning } from './PrivateHostWarning';
import {
  createOutgoingHook,
  getMyTeams,
  getPublicChannels,
  parseTriggerWords,
  type Channel,
  type Team,
} from './api';

type Loaded<T> =
  { state: 'loading' } | { state: 'ready'; items: T[] } | { state: 'failed'; message: string };

export function WebhookHelper({ config }: Pick<AdminConsoleCustomSettingProps, 'config'>) {
  const client = useClient();
  const bridgeUrl = normalizeBridgeUrl(savedPluginSetting(config, 'BridgeURL'));
  const ids = { team: useStableId(), channel: useStableId(), words: useStableId() };

  const [teams, setTeams] = useState<Loaded<Team>>({ state: 'loading' });
  const [teamId, setTeamId] = useState('');
  const [channels, setChannels] = useState<Loaded<Channel>>({ state: 'ready', items: [] });
  const [channelId, setChannelId] = useState('');
  const [words, setWords] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // The hook's token lives only here while the panel is open.
  const [token, setToken] = useState<string>();

  useEffect(() => {
    let live = true;
    getMyTeams(client).then(
      (items) => live && setTeams({ state: 'ready', items }),
      (err) =>
        live &&
        setTeams({ state: 'failed', message: `Could not load your teams: ${describeError(err)}` }),
    );
    return () => {
      live = false;
    };
  }, [client]);

  useEffect(() => {
    setChannelId('');
    if (!teamId) {
      setChannels({ state: 'ready', items: [] });
      return;
    }
    let live = true;
    setChannels({ state: 'loading' });
    getPublicChannels(client, teamId).then(
      (items) => live && setChannels({ state: 'ready', items }),
      (err) =>
        live &&
        setChannels({
          state: 'failed',
          message: `Could not load the channels: ${describeError(err)}`,
        }),
    );
    return () => {
      live = false;
    };
  }, [client, teamId]);

  if (!bridgeUrl) {
    return (
      <Notice tone="info">Save a valid Bridge URL first: the webhook sends posts to it.</Notice>
    );
  }

  const triggerWords = parseTriggerWords(words);
  const canSubmit = !busy && teamId !== '' && (channelId !== '' || triggerWords.length > 0);

  async function submit() {
    if (!bridgeUrl || !canSubmit) return;
    setBusy(true);
    setError(undefined);
    try {
      const hook = await createOutgoingHook(client, { teamId, channelId, triggerWords, bridgeUrl });
      setToken(hook.token);
    } catch (err) {
      setError(`Could not create the webhook: ${describeError(err)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-label="Outgoing webhook" aria-busy={busy}>
      {/* No <form> here: the System Console already renders every setting inside its own form, and a
          nested form's submit button submits (and reloads) the System Console page. */}
      <div>
        <p>
          Posts will be sent to <code>{`${bridgeUrl}/hooks/outgoing`}</code> as JSON. Outgoing
          webhooks only fire in public channels.
        </p>
        <PrivateHostWarning bridgeUrl={bridgeUrl} />
        {teams.state === 'failed' ? <Notice tone="error">{teams.message}</Notice> : null}
        <div className="form-group">
          <label htmlFor={ids.team}>Team</label>
          <select
            id={ids.team}
            className="form-control"
            value={teamId}
            onChange={(e) => setTeamId(e.target.value)}
            disabled={teams.state !== 'ready'}
          >
            <option value="">
              {teams.state === 'loading' ? 'Loading teams…' : 'Choose a team'}
            </option>
            {teams.state === 'ready'
              ? teams.items.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.display_name || team.name}
                  </option>
                ))
              : null}
          </select>
        </div>
        {channels.state === 'failed' ? <Notice tone="error">{channels.message}</Notice> : null}
        <div className="form-group">
          <label htmlFor={ids.channel}>Channel</label>
          <select
            id={ids.channel}
            className="form-control"
            value={channelId}
            onChange={(e) => setChannelId(e.target.value)}
            disabled={!teamId || channels.state !== 'ready'}
          >
            <option value="">
              {channels.state === 'loading'
                ? 'Loading channels…'
                : 'Any public channel (trigger words required)'}
            </option>
            {channels.state === 'ready'
              ? channels.items.map((channel) => (
                  <option key={channel.id} value={channel.id}>
                    {channel.display_name || channel.name}
                  </option>
                ))
              : null}
          </select>
        </div>
        <div className="form-group">
          <label htmlFor={ids.words}>Trigger words (optional, separated by commas or spaces)</label>
          <input
            id={ids.words}
            className="form-control"
            type="text"
            value={words}
            onChange={(e) => setWords(e.target.value)}
          />
          <div className="help-text">
            With a channel and no trigger words, every post in the channel is sent. Otherwise a post
            is sent when its first word is one of these.
          </div>
        </div>
        <button type="button" className="btn btn-primary" onClick={submit} disabled={!canSubmit}>
          Create the outgoing webhook
        </button>
      </div>
      {busy ? <p role="status">Creating the webhook…</p> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {token ? (
        <div>
          <Notice tone="ok">
            The webhook is created. Add its token to the bridge&apos;s environment (append it with a
            comma if the variable already lists tokens) and restart the bridge.
          </Notice>
          <CopyBlock label="webhook environment" text={`BRIDGE_WEBHOOK_TOKENS=${token}`} />
          <button type="button" className="btn btn-tertiary" onClick={() => setToken(undefined)}>
            Done, hide the webhook token
          </button>
        </div>
      ) : null}
    </section>
  );
}
