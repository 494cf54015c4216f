// The user's AI assistant tokens, each with a Revoke button named after it.
import * as React from 'react';
import { Notice } from '../../components/Notice';
import type { AccessToken } from './api';
import type { Loaded } from './loaded';

interface TokenListProps {
  tokens: Loaded<AccessToken[]>;
  busy: boolean;
  onRevoke: (token: AccessToken) => void;
}

export function TokenList({ tokens, busy, onRevoke }: TokenListProps) {
  if (tokens.state === 'loading') return <p role="status">Loading your tokens…</p>;
  if (tokens.state === 'failed') return <Notice tone="error">{tokens.message}</Notice>;
  if (tokens.value.length === 0) return <p>No assistant has access yet.</p>;
  return (
    <ul aria-label="Your AI assistant tokens">
      {tokens.value.map((token) => (
        <li key={token.id}>
          {token.description}
          {token.is_active ? '' : ' (disabled)'}{' '}
          <button
            type="button"
            className="btn btn-danger btn-sm"
            aria-label={`Revoke ${token.description}`}
            onClick={() => onRevoke(token)}
            disabled={busy}
          >
            Revoke
          </button>
        </li>
      ))}
    </ul>
  );
}
