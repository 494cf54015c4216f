// What users will see: the bridge URL advertised on the mcp-bridge bot's profile, compared with the
// saved Bridge URL. Users' settings find the bridge only through that advertisement.
import * as React from 'react';
import { useEffect, useState } from 'react';

import { advertisedBridge, BRIDGE_BOT_USERNAME, findBridgeBot } from '../../bridge/bot';
import { normalizeBridgeUrl } from '../../bridge/url';
import { useClient } from '../../client/context';
import { describeError } from '../../client/errors';
import { Notice } from '../../components/Notice';

type View =
  | { state: 'loading' }
  | { state: 'no-bot' }
  | { state: 'ready'; url: string | undefined }
  | { state: 'failed'; message: string };

export function AdvertisedBridge({ savedUrl }: { savedUrl: string }) {
  const client = useClient();
  const [view, setView] = useState<View>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    findBridgeBot(client).then(
      (bot) =>
        live &&
        setView(bot ? { state: 'ready', url: advertisedBridge(bot).url } : { state: 'no-bot' }),
      (err) => live && setView({ state: 'failed', message: describeError(err) }),
    );
    return () => {
      live = false;
    };
  }, [client]);

  switch (view.state) {
    case 'loading':
      return null;
    case 'failed':
      return (
        <Notice tone="error">{`Could not read what the bridge advertises to users: ${view.message}`}</Notice>
      );
    case 'no-bot':
      return (
        <Notice tone="warning">
          Users cannot find the bridge yet: create the {BRIDGE_BOT_USERNAME} bot account under
          Bridge provisioning and start the bridge with its token.
        </Notice>
      );
    case 'ready': {
      if (!view.url) {
        return (
          <Notice tone="warning">
            The bridge has not advertised itself on the {BRIDGE_BOT_USERNAME} bot yet, so users see
            AI assistant access as not set up. Start or restart the bridge with MATTERMOST_BOT_TOKEN
            set.
          </Notice>
        );
      }
      if (normalizeBridgeUrl(view.url) !== savedUrl) {
        return (
          <Notice tone="warning">
            The bridge advertises {view.url} to users, not the saved Bridge URL. Set
            BRIDGE_PUBLIC_URL={savedUrl} on the bridge and restart it, or leave BRIDGE_PUBLIC_URL
            unset: the bridge then advertises the saved Bridge URL.
          </Notice>
        );
      }
      return (
        <Notice tone="ok">Users see this bridge in their AI assistant access settings.</Notice>
      );
    }
  }
}
