// System Console custom setting "Readiness": every need of the bridge on this server, whether it
// holds, what it means, and a button that sets it up through the REST API as the signed-in admin.
// Secrets a fix creates (the bridge's token, the OAuth client secret) are shown once, to copy.
import * as React from 'react';
import { useCallback, useEffect, useState } from 'react';

import { normalizeBridgeUrl } from '../../bridge/url';
import { useClient } from '../../client/context';
import { describeError } from '../../client/errors';
import { CopyBlock } from '../../components/CopyBlock';
import { Notice } from '../../components/Notice';
import type { AdminConsoleCustomSettingProps } from '../../types/mattermost-webapp';
import { publicSiteUrl, savedPluginSetting } from '../plugin-config';
import { gatherFacts } from './facts';
import { runFix, type Shown } from './fixes';
import { assessNeeds, type Need, type ReadinessFacts } from './needs';

const STATE_TEXT: Record<Need['state'], string> = {
  holds: 'Ready',
  missing: 'Needs action',
  optional: 'Optional',
};

export function Readiness({ config }: Pick<AdminConsoleCustomSettingProps, 'config'>) {
  const client = useClient();
  const bridgeUrl = normalizeBridgeUrl(savedPluginSetting(config, 'BridgeURL'));
  const [facts, setFacts] = useState<ReadinessFacts>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [shown, setShown] = useState<Shown>();

  const load = useCallback(async () => {
    try {
      setFacts(await gatherFacts(client, bridgeUrl));
      setFailure(undefined);
    } catch (err) {
      setFailure(`Could not read what the bridge needs: ${describeError(err)}`);
    }
  }, [client, bridgeUrl]);

  useEffect(() => {
    void load();
  }, [load]);

  async function fix(need: Need) {
    if (!facts || !need.fix) return;
    setBusy(need.id);
    setFailure(undefined);
    try {
      const siteUrl = publicSiteUrl(facts.config as typeof config, client.siteUrl);
      const secret = await runFix(need.fix.id, { client, facts, siteUrl });
      if (secret) setShown(secret);
      await load();
    } catch (err) {
      setFailure(`${need.fix.label}: ${describeError(err)}`);
    } finally {
      setBusy(undefined);
    }
  }

  const needs = facts ? assessNeeds(facts) : [];
  return (
    <section aria-label="Readiness" aria-busy={!facts || busy !== undefined}>
      {!facts && !failure ? <p role="status">Checking what the bridge needs…</p> : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <ul className="mcp-readiness" style={{ listStyle: 'none', paddingLeft: 0 }}>
        {needs.map((need) => (
          <li key={need.id} aria-label={need.title} style={{ marginBottom: 12 }}>
            <div>
              <strong>{need.title}</strong>
              {': '}
              <span
                className={need.state === 'missing' ? 'text-danger' : undefined}
                data-need-state={need.state}
              >
                {STATE_TEXT[need.state]}
              </span>
            </div>
            <div className="help-text">{need.meaning}</div>
            {need.fix ? (
              <button
                type="button"
                className={
                  need.state === 'missing' ? 'btn btn-primary btn-sm' : 'btn btn-tertiary btn-sm'
                }
                onClick={() => void fix(need)}
                disabled={busy !== undefined}
              >
                {need.fix.label}
              </button>
            ) : null}
            {busy === need.id ? <span role="status"> Working…</span> : null}
          </li>
        ))}
      </ul>
      {shown ? (
        <div>
          <Notice tone="warning">
            Shown only once: put these lines in the bridge&apos;s environment (for example its .env
            file), restart the bridge, then hide them.
          </Notice>
          <CopyBlock label={shown.label} text={shown.text} />
          <button type="button" className="btn btn-tertiary" onClick={() => setShown(undefined)}>
            Done, hide the {shown.label}
          </button>
        </div>
      ) : null}
    </section>
  );
}
