// A token just created, shown once with a ready configuration for every assistant.
import * as React from 'react';
import { CopyBlock } from '../../components/CopyBlock';
import { Notice } from '../../components/Notice';
import { clientConfigurations, type AssistantClientId } from './client-configs';

export interface Created {
  token: string;
  bridgeUrl: string;
  clientId: AssistantClientId;
}

export function CreatedToken({ created, onDone }: { created: Created; onDone: () => void }) {
  const configurations = clientConfigurations(
    { bridgeUrl: created.bridgeUrl, token: created.token },
    created.clientId,
  );
  return (
    <div>
      <Notice tone="warning">
        Copy what you need now: this token is shown only once. Anyone who has it can act as you, so
        keep it out of shared files and chats.
      </Notice>
      <CopyBlock label="access token" text={created.token} />
      {configurations.map((c) => (
        <CopyBlock
          key={c.client.id}
          label={`${c.client.name} configuration`}
          hint={c.where}
          text={c.text}
        />
      ))}
      <button type="button" className="btn btn-tertiary" onClick={onDone}>
        Done, hide the token
      </button>
    </div>
  );
}
