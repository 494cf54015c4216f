// System Console custom setting "Policy profiles": the list of profiles, each added or edited with
// its fields or all of them as JSON (the form BRIDGE_POLICY_PROFILES takes). Changes go into the
// setting's value; the System Console's Save stores it, and "Settings for the bridge" hands it to
// the bridge's bot with the other settings.
import * as React from 'react';
import { useState } from 'react';

import { Notice } from '../../components/Notice';
import { useStableId } from '../../react-compat/hooks';
import type { AdminConsoleCustomSettingProps } from '../../types/mattermost-webapp';
import { ProfileForm } from './ProfileForm';
import { parseProfiles, ProfileError, serializeProfiles, type PolicyProfile } from './profiles';

type Props = Pick<
  AdminConsoleCustomSettingProps,
  'id' | 'value' | 'onChange' | 'setSaveNeeded' | 'disabled'
>;

type Editing = { mode: 'none' } | { mode: 'form'; index?: number } | { mode: 'json' };

function read(value: unknown): { profiles: PolicyProfile[]; error?: string } {
  try {
    return { profiles: parseProfiles(value) };
  } catch (err) {
    return { profiles: [], error: err instanceof ProfileError ? err.message : String(err) };
  }
}

function summary(profile: PolicyProfile): string {
  const scope = [
    profile.read_only ? 'read-only' : '',
    profile.toolsets ? `toolsets ${profile.toolsets.join(', ')}` : '',
    profile.channel_allow ? `only ${profile.channel_allow.length} channel(s)` : '',
    profile.channel_deny ? `not ${profile.channel_deny.length} channel(s)` : '',
  ].filter(Boolean);
  const target = profile.applies_to;
  const to = [
    ...(target.users ?? []),
    target.tokens ? `${target.tokens.length} token(s)` : '',
    target.oauth_clients ? `${target.oauth_clients.length} OAuth client(s)` : '',
  ].filter(Boolean);
  return `${scope.join('; ') || 'no restriction'} — applies to ${to.join(', ') || 'nobody yet'}`;
}

export function ProfilesEditor({ id, value, onChange, setSaveNeeded, disabled }: Props) {
  const jsonId = useStableId();
  const [text, setText] = useState(() => (typeof value === 'string' ? value : ''));
  const [editing, setEditing] = useState<Editing>({ mode: 'none' });
  const [draft, setDraft] = useState('');
  const [jsonError, setJsonError] = useState<string>();
  const { profiles, error } = read(text);

  const store = (next: PolicyProfile[]) => {
    const serialized = serializeProfiles(next);
    setText(serialized);
    onChange(id, serialized);
    setSaveNeeded();
  };

  const keep = (profile: PolicyProfile, index?: number): string | undefined => {
    const others = profiles.filter((_, i) => i !== index);
    if (others.some((p) => p.name === profile.name))
      return `Another profile is named ${profile.name}.`;
    const next = [...profiles];
    if (index === undefined) next.push(profile);
    else next[index] = profile;
    store(next);
    setEditing({ mode: 'none' });
    return undefined;
  };

  const applyJson = () => {
    try {
      store(parseProfiles(draft));
      setJsonError(undefined);
      setEditing({ mode: 'none' });
    } catch (err) {
      setJsonError(err instanceof ProfileError ? err.message : String(err));
    }
  };

  return (
    <section aria-label="Policy profiles">
      <p>
        A profile narrows what assistants may do for the people, personal access tokens and OAuth
        clients it names. A session gets every profile that names it, with the settings above, and
        the strictest wins: read-only if any says so, only toolsets and channels all allow, every
        deny list.
      </p>
      {error ? <Notice tone="error">{`The saved profiles cannot be read: ${error}`}</Notice> : null}
      {profiles.length ? (
        <ul aria-label="Profiles">
          {profiles.map((profile, index) => (
            <li key={profile.name}>
              <strong>{profile.name}</strong>: {summary(profile)}{' '}
              <button
                type="button"
                className="btn btn-link"
                disabled={disabled}
                onClick={() => setEditing({ mode: 'form', index })}
              >
                {`Edit ${profile.name}`}
              </button>
              <button
                type="button"
                className="btn btn-link"
                disabled={disabled}
                onClick={() => store(profiles.filter((_, i) => i !== index))}
              >
                {`Remove ${profile.name}`}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>No profiles: the settings above apply to every assistant alike.</p>
      )}
      {editing.mode === 'form' ? (
        <ProfileForm
          key={editing.index ?? 'new'}
          initial={editing.index === undefined ? undefined : profiles[editing.index]}
          onDone={(profile) => keep(profile, editing.index)}
          onCancel={() => setEditing({ mode: 'none' })}
        />
      ) : null}
      {editing.mode === 'json' ? (
        <div className="form-group">
          <label htmlFor={jsonId}>Profiles as JSON</label>
          <textarea
            id={jsonId}
            className="form-control"
            rows={12}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          {jsonError ? <Notice tone="error">{jsonError}</Notice> : null}
          <button type="button" className="btn btn-primary" onClick={applyJson}>
            Use this JSON
          </button>{' '}
          <button
            type="button"
            className="btn btn-tertiary"
            onClick={() => setEditing({ mode: 'none' })}
          >
            Cancel
          </button>
        </div>
      ) : null}
      {editing.mode === 'none' ? (
        <div>
          <button
            type="button"
            className="btn btn-tertiary"
            disabled={disabled}
            onClick={() => setEditing({ mode: 'form' })}
          >
            Add a profile
          </button>{' '}
          <button
            type="button"
            className="btn btn-tertiary"
            disabled={disabled}
            onClick={() => {
              setDraft(text || '[]');
              setJsonError(undefined);
              setEditing({ mode: 'json' });
            }}
          >
            Edit as JSON
          </button>
        </div>
      ) : null}
    </section>
  );
}
