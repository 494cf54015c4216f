// The assistants the person connected by signing in with Mattermost (OAuth), each with a Disconnect
// button named after it.
import * as React from 'react';

import { Notice } from '../../components/Notice';
import type { ConnectedAssistant } from './assistants';
import type { Loaded } from './loaded';

interface Props {
  assistants: Loaded<ConnectedAssistant[]>;
  busy: boolean;
  onDisconnect: (assistant: ConnectedAssistant) => void;
}

function describe(assistant: ConnectedAssistant): string {
  const details = [
    assistant.redirectHost ? `returns to ${assistant.redirectHost}` : undefined,
    assistant.scope === 'read' ? 'read only' : undefined,
    assistant.createdAt
      ? `connected ${new Date(assistant.createdAt).toISOString().slice(0, 10)}`
      : undefined,
  ].filter(Boolean);
  return details.length ? `${assistant.clientName} (${details.join(', ')})` : assistant.clientName;
}

export function ConnectedAssistants({ assistants, busy, onDisconnect }: Props) {
  if (assistants.state === 'loading') return <p role="status">Loading your assistants…</p>;
  if (assistants.state === 'failed') return <Notice tone="error">{assistants.message}</Notice>;
  if (assistants.value.length === 0)
    return <p>No assistant is connected through Mattermost sign-in.</p>;
  return (
    <ul aria-label="Assistants connected through Mattermost sign-in">
      {assistants.value.map((assistant) => (
        <li key={assistant.grantId}>
          {describe(assistant)}{' '}
          <button
            type="button"
            className="btn btn-danger btn-sm"
            aria-label={`Disconnect ${assistant.clientName}`}
            onClick={() => onDisconnect(assistant)}
            disabled={busy}
          >
            Disconnect
          </button>
        </li>
      ))}
    </ul>
  );
}
