// The fields of one policy profile: its scope (toolsets, read-only, channel lists) and what it is
// attached to (people, tokens by hash, OAuth clients). A token pasted here is hashed in the browser
// and forgotten; only `sha256:<hex>` is kept. No nested <form>: the System Console wraps every
// setting in its own, whose submit would reload the page.
import * as React from 'react';
import { useState } from 'react';

import { Notice } from '../../components/Notice';
import { useStableId } from '../../react-compat/hooks';
import { checkProfile, hashToken, ProfileError, splitList, type PolicyProfile } from './profiles';

interface Props {
  initial?: PolicyProfile;
  onDone: (profile: PolicyProfile) => string | undefined;
  onCancel: () => void;
}

type Lists = 'toolsets' | 'allow' | 'deny' | 'users' | 'tokens' | 'clients';

function listsOf(profile?: PolicyProfile): Record<Lists, string> {
  return {
    toolsets: (profile?.toolsets ?? []).join(', '),
    allow: (profile?.channel_allow ?? []).join('\n'),
    deny: (profile?.channel_deny ?? []).join('\n'),
    users: (profile?.applies_to.users ?? []).join('\n'),
    tokens: (profile?.applies_to.tokens ?? []).join('\n'),
    clients: (profile?.applies_to.oauth_clients ?? []).join('\n'),
  };
}

const FIELDS: { key: Lists; label: string; help: string; multiline: boolean }[] = [
  {
    key: 'toolsets',
    label: 'Toolsets',
    help: 'Comma-separated toolsets the profile allows (posts, channels, users, files...). Empty: every toolset the bridge allows.',
    multiline: false,
  },
  {
    key: 'allow',
    label: 'Channel allow list',
    help: 'Only these channels (team/channel, channel id, @username, or a channel name), one per line.',
    multiline: true,
  },
  {
    key: 'deny',
    label: 'Channel deny list',
    help: 'Never these channels, one per line. The deny list wins.',
    multiline: true,
  },
  {
    key: 'users',
    label: 'People',
    help: 'Usernames or user ids the profile applies to, one per line.',
    multiline: true,
  },
  {
    key: 'tokens',
    label: 'Personal access tokens',
    help: 'Tokens the profile applies to, as sha256:<hex of the token>, one per line.',
    multiline: true,
  },
  {
    key: 'clients',
    label: 'OAuth clients',
    help: 'client_id values of assistants that sign in through the bridge, one per line.',
    multiline: true,
  },
];

export function ProfileForm({ initial, onDone, onCancel }: Props) {
  const id = useStableId();
  const [name, setName] = useState(initial?.name ?? '');
  const [readOnly, setReadOnly] = useState(initial?.read_only === true);
  const [lists, setLists] = useState(listsOf(initial));
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();

  const attachToken = async () => {
    if (!token.trim()) return;
    try {
      const hash = await hashToken(token);
      setLists((now) => ({ ...now, tokens: [...splitList(now.tokens), hash].join('\n') }));
      setToken('');
    } catch {
      setError('This browser cannot hash the token here (it needs an https page).');
    }
  };

  const done = () => {
    try {
      const profile = checkProfile(
        {
          name: name.trim(),
          toolsets: splitList(lists.toolsets),
          ...(readOnly ? { read_only: true } : {}),
          channel_allow: splitList(lists.allow),
          channel_deny: splitList(lists.deny),
          applies_to: {
            users: splitList(lists.users),
            tokens: splitList(lists.tokens),
            oauth_clients: splitList(lists.clients),
          },
        },
        0,
      );
      setError(onDone(profile));
    } catch (err) {
      setError(err instanceof ProfileError ? err.message : String(err));
    }
  };

  return (
    <fieldset aria-label={initial ? `Edit profile ${initial.name}` : 'New profile'}>
      <div className="form-group">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          className="form-control"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="checkbox">
        <label>
          <input
            type="checkbox"
            checked={readOnly}
            onChange={(e) => setReadOnly(e.target.checked)}
          />{' '}
          Read-only: assistants it applies to can only read
        </label>
      </div>
      {FIELDS.map((field) => {
        const props = {
          id: `${id}-${field.key}`,
          className: 'form-control',
          value: lists[field.key],
          onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
            const value = e.target.value;
            setLists((now) => ({ ...now, [field.key]: value }));
          },
        };
        return (
          <div className="form-group" key={field.key}>
            <label htmlFor={props.id}>{field.label}</label>
            {field.multiline ? <textarea rows={2} {...props} /> : <input {...props} />}
            <div className="help-text">{field.help}</div>
          </div>
        );
      })}
      <div className="form-group">
        <label htmlFor={`${id}-token`}>Attach a token</label>
        <input
          id={`${id}-token`}
          type="password"
          autoComplete="off"
          className="form-control"
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
        <div className="help-text">
          Paste a token to add its SHA-256; the token itself is not kept.
        </div>
        <button type="button" className="btn btn-tertiary" onClick={() => void attachToken()}>
          Add the token’s hash
        </button>
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <button type="button" className="btn btn-primary" onClick={done}>
        Keep this profile
      </button>{' '}
      <button type="button" className="btn btn-tertiary" onClick={onCancel}>
        Cancel
      </button>
    </fieldset>
  );
}
