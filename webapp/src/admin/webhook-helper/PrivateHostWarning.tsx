// Mattermost refuses to call private, loopback and link-local addresses (its own outgoing requests,
// webhooks among them) unless ServiceSettings.AllowedUntrustedInternalConnections lists the host.
// Read from the server configuration as the admin; the button adds the bridge's host there.
import * as React from 'react';
import { useCallback, useEffect, useState } from 'react';

import { useClient } from '../../client/context';
import { describeError } from '../../client/errors';
import { Notice } from '../../components/Notice';
import { announceConfig } from '../../host-store';
import { getServerConfig, patchServiceSettings } from '../readiness/api';
import { isAllowedInternal, isInternalHost, withAllowedHost } from '../readiness/internal-hosts';

type View =
  | { state: 'checking' }
  | { state: 'fine' }
  | { state: 'refused'; setting: string | undefined }
  | { state: 'allowed' }
  | { state: 'failed'; message: string };

export function PrivateHostWarning({ bridgeUrl }: { bridgeUrl: string }) {
  const client = useClient();
  const host = new URL(bridgeUrl).hostname;
  const [view, setView] = useState<View>({ state: 'checking' });
  const [busy, setBusy] = useState(false);

  const check = useCallback(async () => {
    if (!isInternalHost(host)) return setView({ state: 'fine' });
    try {
      const setting = (await getServerConfig(client)).ServiceSettings
        ?.AllowedUntrustedInternalConnections;
      setView(isAllowedInternal(host, setting) ? { state: 'fine' } : { state: 'refused', setting });
    } catch (err) {
      setView({ state: 'failed', message: describeError(err) });
    }
  }, [client, host]);

  useEffect(() => {
    void check();
  }, [check]);

  async function allow(setting: string | undefined) {
    setBusy(true);
    try {
      announceConfig(
        await patchServiceSettings(client, {
          AllowedUntrustedInternalConnections: withAllowedHost(setting, host),
        }),
      );
      setView({ state: 'allowed' });
    } catch (err) {
      setView({ state: 'failed', message: `Could not allow ${host}: ${describeError(err)}` });
    } finally {
      setBusy(false);
    }
  }

  switch (view.state) {
    case 'checking':
    case 'fine':
      return null;
    case 'allowed':
      return (
        <Notice tone="ok">
          Mattermost may now call {host}: it is listed in Allow untrusted internal connections.
        </Notice>
      );
    case 'failed':
      return <Notice tone="error">{view.message}</Notice>;
    case 'refused':
      return (
        <div>
          <Notice tone="warning">
            {host} is a private or loopback address. Mattermost refuses to deliver webhooks there
            unless Allow untrusted internal connections
            (ServiceSettings.AllowedUntrustedInternalConnections) lists it, so this webhook would
            never reach the bridge.
          </Notice>
          <button
            type="button"
            className="btn btn-tertiary"
            onClick={() => void allow(view.setting)}
            disabled={busy}
          >
            Allow Mattermost to call {host}
          </button>
        </div>
      );
  }
}
