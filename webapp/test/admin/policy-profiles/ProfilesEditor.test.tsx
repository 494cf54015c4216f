import { createHash, webcrypto } from 'node:crypto';
import { TextEncoder } from 'node:util';
import * as React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';

import { ProfilesEditor } from '../../../src/admin/policy-profiles/ProfilesEditor';
import { parseProfiles } from '../../../src/admin/policy-profiles/profiles';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz';

// jsdom has neither Web Crypto's digest nor TextEncoder, which every browser has: Node's own
// implementations of the same APIs stand in.
beforeAll(() => {
  if (typeof globalThis.TextEncoder === 'undefined')
    Object.defineProperty(globalThis, 'TextEncoder', { value: TextEncoder, configurable: true });
  if (!globalThis.crypto?.subtle)
    Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true });
});

function mount(value: unknown = '') {
  const changes: unknown[] = [];
  let saveNeeded = 0;
  const rendered = render(
    <ProfilesEditor
      id="PolicyProfiles"
      value={value}
      disabled={false}
      onChange={(id, next) => {
        expect(id).toBe('PolicyProfiles');
        changes.push(next);
      }}
      setSaveNeeded={() => (saveNeeded += 1)}
    />,
  );
  return { ...rendered, changes, saveNeeded: () => saveNeeded };
}

const last = (changes: unknown[]) => parseProfiles(changes[changes.length - 1]);

describe('Policy profiles editor', () => {
  test('adds a profile with its fields, attaching a token by its hash only', async () => {
    const { changes, saveNeeded } = mount();
    expect(screen.getByText(/No profiles/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add a profile' }));
    const form = screen.getByRole('group', { name: 'New profile' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'contractors' } });
    fireEvent.click(within(form).getByRole('checkbox'));
    fireEvent.change(within(form).getByLabelText('Toolsets'), {
      target: { value: 'posts, users' },
    });
    fireEvent.change(within(form).getByLabelText('Channel deny list'), {
      target: { value: 'eng/hr\n@ceo' },
    });
    fireEvent.change(within(form).getByLabelText('People'), { target: { value: 'alice' } });
    fireEvent.change(within(form).getByLabelText('OAuth clients'), {
      target: { value: 'client-1' },
    });
    fireEvent.change(within(form).getByLabelText('Attach a token'), { target: { value: TOKEN } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add the token’s hash' }));
    const hash = `sha256:${createHash('sha256').update(TOKEN).digest('hex')}`;
    await waitFor(() =>
      expect(
        (within(form).getByLabelText('Personal access tokens') as HTMLTextAreaElement).value,
      ).toBe(hash),
    );
    expect((within(form).getByLabelText('Attach a token') as HTMLInputElement).value).toBe('');
    fireEvent.click(within(form).getByRole('button', { name: 'Keep this profile' }));

    expect(last(changes)).toEqual([
      {
        name: 'contractors',
        toolsets: ['posts', 'users'],
        read_only: true,
        channel_deny: ['eng/hr', '@ceo'],
        applies_to: { users: ['alice'], tokens: [hash], oauth_clients: ['client-1'] },
      },
    ]);
    expect(JSON.stringify(changes)).not.toContain(TOKEN);
    expect(saveNeeded()).toBe(1);
    const item = within(screen.getByRole('list', { name: 'Profiles' })).getByRole('listitem');
    expect(item.textContent).toContain('contractors');
    expect(item.textContent).toContain('read-only');
  });

  test('edits and removes a profile, and refuses a second profile of the same name', () => {
    const { changes } = mount(
      JSON.stringify([
        { name: 'readers', read_only: true, applies_to: { users: ['bob'] } },
        { name: 'bots', applies_to: {} },
      ]),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Edit readers' }));
    const form = screen.getByRole('group', { name: 'Edit profile readers' });
    expect((within(form).getByLabelText('People') as HTMLTextAreaElement).value).toBe('bob');
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'bots' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Keep this profile' }));
    expect(within(form).getByRole('alert').textContent).toBe('Another profile is named bots.');
    expect(changes).toHaveLength(0);
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'readers' } });
    fireEvent.change(within(form).getByLabelText('People'), { target: { value: 'bob\ncarol' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Keep this profile' }));
    expect(last(changes)[0]?.applies_to.users).toEqual(['bob', 'carol']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove bots' }));
    expect(last(changes).map((p) => p.name)).toEqual(['readers']);
  });

  test('edits every profile as JSON, refusing a token written in clear', () => {
    const { changes } = mount();
    fireEvent.click(screen.getByRole('button', { name: 'Edit as JSON' }));
    const json = screen.getByLabelText('Profiles as JSON');
    fireEvent.change(json, {
      target: { value: JSON.stringify([{ name: 'x', applies_to: { tokens: [TOKEN] } }]) },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Use this JSON' }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/SHA-256/);
    expect(alert.textContent).not.toContain(TOKEN);
    expect(changes).toHaveLength(0);
    fireEvent.change(json, {
      target: {
        value: '[{"name": "wide", "toolsets": ["all"], "channel_allow": ["eng/town-square"]}]',
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Use this JSON' }));
    expect(last(changes)).toEqual([
      { name: 'wide', toolsets: ['all'], channel_allow: ['eng/town-square'], applies_to: {} },
    ]);
  });

  test('says so when the saved value cannot be read', () => {
    mount('{"name": "not a list"}');
    expect(screen.getByRole('alert').textContent).toMatch(
      /cannot be read: The profiles are a JSON array/,
    );
  });
});
