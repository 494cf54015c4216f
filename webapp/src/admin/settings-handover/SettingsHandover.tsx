// System Console custom setting "Settings for the bridge": on every Save (a save action, run by the
// System Console right after it saved the configuration) hands the settings to the bridge's bot,
// and shows what the bot holds now, which is what the bridge applies.
import * as React from 'react';
import { useCallback, useEffect, useState } from 'react';

import { BRIDGE_BOT_USERNAME, findBridgeBot } from '../../bridge/bot';
import { useClient } from '../../client/context';
import { describeError } from '../../client/errors';
import { Notice } from '../../components/Notice';
import type { AdminConsoleCustomSettingProps } from '../../types/mattermost-webapp';
import { PROFILE_PREFERENCE } from '../policy-profiles/handover';
import {
  HANDED_OVER,
  handedOverSettings,
  handOverSettings,
  HandoverError,
  onHandedOver,
} from './handover';

/** The names of the policy profiles the bot holds (`profile_<n>` preferences), in order. */
function heldProfiles(values: Record<string, string>): string {
  return Object.keys(values)
    .filter((name) => PROFILE_PREFERENCE.test(name))
    .sort((a, b) => Number(a.slice(8)) - Number(b.slice(8)))
    .map((name) => {
      try {
        return String((JSON.parse(values[name] ?? '') as { name?: unknown }).name);
      } catch {
        return `${name} (unreadable)`;
      }
    })
    .join(', ');
}

type Props = Pick<AdminConsoleCustomSettingProps, 'registerSaveAction' | 'unRegisterSaveAction'>;

type Held =
  | { state: 'loading' }
  | { state: 'no-bot' }
  | { state: 'ready'; values: Record<string, string> }
  | { state: 'failed'; message: string };

export function SettingsHandover({ registerSaveAction, unRegisterSaveAction }: Props) {
  const client = useClient();
  const [held, setHeld] = useState<Held>({ state: 'loading' });
  const [outcome, setOutcome] = useState<{ tone: 'ok' | 'info' | 'error'; text: string }>();

  const load = useCallback(async () => {
    try {
      const bot = await findBridgeBot(client);
      if (!bot?.is_bot) return setHeld({ state: 'no-bot' });
      setHeld({ state: 'ready', values: await handedOverSettings(client, bot.id) });
    } catch (err) {
      setHeld({ state: 'failed', message: describeError(err) });
    }
  }, [client]);

  useEffect(() => {
    void load();
    return onHandedOver(() => void load());
  }, [load]);

  useEffect(() => {
    const action = async () => {
      try {
        const written = await handOverSettings(client);
        setOutcome(
          written
            ? { tone: 'ok', text: 'The bridge has the saved settings.' }
            : {
                tone: 'info',
                text: `Saved. The bridge gets these settings when its bot account, ${BRIDGE_BOT_USERNAME}, is created under Bridge provisioning.`,
              },
        );
        return {};
      } catch (err) {
        const text =
          err instanceof HandoverError
            ? err.message
            : `The settings are saved, but could not be handed to the bridge: ${describeError(err)}`;
        setOutcome({ tone: 'error', text });
        return { error: { message: text } };
      }
    };
    registerSaveAction(action);
    return () => unRegisterSaveAction(action);
  }, [client, registerSaveAction, unRegisterSaveAction]);

  return (
    <section aria-label="Settings for the bridge">
      <p>
        Save hands these settings to the bridge through the preferences of its bot account,{' '}
        <code>{BRIDGE_BOT_USERNAME}</code>, which the bridge reads with the rights every account has
        about itself. Channel names are checked and turned into channel ids first.
      </p>
      {outcome ? <Notice tone={outcome.tone}>{outcome.text}</Notice> : null}
      {held.state === 'failed' ? (
        <Notice tone="error">{`Could not read what the bridge holds: ${held.message}`}</Notice>
      ) : null}
      {held.state === 'no-bot' ? (
        <Notice tone="info">
          The bridge holds no settings yet: create its bot account under Bridge provisioning, then
          save.
        </Notice>
      ) : null}
      {held.state === 'ready' ? (
        <dl aria-label="Settings the bridge holds">
          {HANDED_OVER.map((key) => (
            <React.Fragment key={key}>
              <dt>{key}</dt>
              <dd>
                {held.values[key.toLowerCase()] || 'not set (the bridge’s environment decides)'}
              </dd>
            </React.Fragment>
          ))}
          <dt>PolicyProfiles</dt>
          <dd>{heldProfiles(held.values) || 'none'}</dd>
        </dl>
      ) : null}
    </section>
  );
}
