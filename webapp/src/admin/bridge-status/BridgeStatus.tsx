// System Console custom setting "Bridge status": the live health of the bridge at the saved Bridge URL.
import * as React from 'react';
import { useCallback, useEffect, useState } from 'react';

import { checkBridgeHealth, summarizeHealth, type HealthCheck } from '../../bridge/health';
import { normalizeBridgeUrl } from '../../bridge/url';
import { useClient } from '../../client/context';
import { describeError } from '../../client/errors';
import { Notice } from '../../components/Notice';
import type { AdminConsoleCustomSettingProps } from '../../types/mattermost-webapp';
import { savedPluginSetting } from '../plugin-config';
import { AdvertisedBridge } from './AdvertisedBridge';

type View =
  | { state: 'checking' }
  | { state: 'done'; check: HealthCheck }
  | { state: 'failed'; message: string };

export function BridgeStatus({ config }: Pick<AdminConsoleCustomSettingProps, 'config'>) {
  const client = useClient();
  const raw = savedPluginSetting(config, 'BridgeURL');
  const bridgeUrl = normalizeBridgeUrl(raw);
  const [view, setView] = useState<View>({ state: 'checking' });

  const check = useCallback(async () => {
    if (!bridgeUrl) return;
    setView({ state: 'checking' });
    try {
      setView({ state: 'done', check: await checkBridgeHealth(client, bridgeUrl) });
    } catch (err) {
      setView({ state: 'failed', message: describeError(err) });
    }
  }, [client, bridgeUrl]);

  useEffect(() => {
    void check();
  }, [check]);

  if (typeof raw !== 'string' || !raw.trim()) {
    return (
      <Notice tone="info">
        No Bridge URL is saved yet. Enter the bridge&apos;s public URL above and save.
      </Notice>
    );
  }
  if (!bridgeUrl) {
    return (
      <Notice tone="error">
        The saved Bridge URL is not a valid http(s) URL without query or credentials: {raw}
      </Notice>
    );
  }

  return (
    <section aria-label="Bridge status" aria-busy={view.state === 'checking'}>
      <p>
        Bridge at <code>{bridgeUrl}</code>
      </p>
      {view.state === 'checking' ? <p role="status">Checking the bridge…</p> : null}
      {view.state === 'failed' ? <Notice tone="error">{view.message}</Notice> : null}
      {view.state === 'done' ? <HealthReport check={view.check} /> : null}
      <AdvertisedBridge savedUrl={bridgeUrl} />
      <button
        type="button"
        className="btn btn-tertiary"
        onClick={check}
        disabled={view.state === 'checking'}
      >
        Check bridge status again
      </button>
    </section>
  );
}

function HealthReport({ check }: { check: HealthCheck }) {
  const summary = summarizeHealth(check);
  return (
    <>
      <Notice tone={summary.tone}>{summary.text}</Notice>
      {check.kind === 'answered' ? (
        <dl aria-label="Bridge health details">
          <dt>Status</dt>
          <dd>{check.health.status}</dd>
          <dt>Version</dt>
          <dd>{check.health.version ?? 'not reported'}</dd>
          <dt>Active sessions</dt>
          <dd>{check.health.sessions ?? 'not reported'}</dd>
          <dt>Mattermost reachable from the bridge</dt>
          <dd>{describeReachability(check.health.mattermost)}</dd>
        </dl>
      ) : null}
    </>
  );
}

function describeReachability(
  mattermost: { reachable?: boolean; latency_ms?: number } | undefined,
): string {
  if (mattermost?.reachable === undefined) return 'not reported';
  if (!mattermost.reachable) return 'no';
  return mattermost.latency_ms === undefined
    ? 'yes'
    : `yes (${Math.round(mattermost.latency_ms)} ms)`;
}
