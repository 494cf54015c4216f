import * as React from 'react';
import { fireEvent, screen, waitFor } from '@testing-library/react';

import { parseTriggerWords } from '../../../src/admin/webhook-helper/api';
import { WebhookHelper } from '../../../src/admin/webhook-helper/WebhookHelper';
import { mattermostError, type Route } from '../../support/fake-fetch';
import { adminConfig, BRIDGE, renderWithRoutes } from '../../support/render';
import { findCopyText, pageShows } from '../../support/copy-text';

const TEAM = { id: 't'.repeat(26), name: 'engineering', display_name: 'Engineering' };
const TOWN = { id: 'c'.repeat(26), name: 'town-square', display_name: 'Town Square', type: 'O' };
const PRIVATE = { id: 'p'.repeat(26), name: 'hr', display_name: 'HR', type: 'P' };
const HOOK_TOKEN = 'h'.repeat(26);

function routes(overrides: Record<string, Route> = {}): Record<string, Route> {
  return {
    'GET /api/v4/users/me/teams': () => ({ body: [TEAM] }),
    [`GET /api/v4/teams/${TEAM.id}/channels`]: () => ({ body: [TOWN, PRIVATE] }),
    'POST /api/v4/hooks/outgoing': (req) => ({
      status: 201,
      body: { id: 'w'.repeat(26), token: HOOK_TOKEN, ...(req.body as object) },
    }),
    ...overrides,
  };
}

const config = adminConfig({ bridgeurl: `${BRIDGE}/` });

async function chooseTeam() {
  await screen.findByRole('option', { name: 'Engineering' });
  fireEvent.change(screen.getByLabelText('Team'), { target: { value: TEAM.id } });
  await screen.findByRole('option', { name: 'Town Square' });
}

describe('Outgoing webhook setting', () => {
  test('creates a JSON webhook for a public channel pointing at the bridge and shows its token line', async () => {
    const { fake } = renderWithRoutes(<WebhookHelper config={config} />, routes());
    const create = screen.getByRole('button', { name: 'Create the outgoing webhook' });
    expect((create as HTMLButtonElement).disabled).toBe(true);

    await chooseTeam();
    // Outgoing webhooks never fire in private channels, so they are not offered.
    expect(screen.queryByRole('option', { name: 'HR' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Channel'), { target: { value: TOWN.id } });
    fireEvent.click(create);

    const line = await findCopyText('webhook environment');
    expect(line).toBe(`BRIDGE_WEBHOOK_TOKENS=${HOOK_TOKEN}`);
    const request = fake.calls('POST', '/api/v4/hooks/outgoing')[0];
    expect(request?.body).toMatchObject({
      team_id: TEAM.id,
      channel_id: TOWN.id,
      trigger_words: [],
      callback_urls: [`${BRIDGE}/hooks/outgoing`],
      content_type: 'application/json',
    });
    expect(request?.headers['X-CSRF-Token']).toBe('csrf-123');

    expect(pageShows(HOOK_TOKEN)).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Done, hide the webhook token' }));
    expect(pageShows(HOOK_TOKEN)).toBe(false);
  });

  test('without a channel, trigger words are required and sent', async () => {
    const { fake } = renderWithRoutes(<WebhookHelper config={config} />, routes());
    await chooseTeam();
    const create = screen.getByRole('button', {
      name: 'Create the outgoing webhook',
    }) as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/Trigger words/), {
      target: { value: '#ai, @assistant #ai' },
    });
    expect(create.disabled).toBe(false);
    fireEvent.click(create);
    await screen.findByLabelText('webhook environment', { selector: 'textarea' });
    expect(fake.calls('POST', '/api/v4/hooks/outgoing')[0]?.body).toMatchObject({
      channel_id: '',
      trigger_words: ['#ai', '@assistant'],
    });
  });

  test("shows Mattermost's refusal", async () => {
    renderWithRoutes(
      <WebhookHelper config={config} />,
      routes({
        'POST /api/v4/hooks/outgoing': () =>
          mattermostError(
            501,
            'api.outgoing_webhook.disabled.app_error',
            'Outgoing webhooks have been disabled by the system admin.',
          ),
      }),
    );
    await chooseTeam();
    fireEvent.change(screen.getByLabelText('Channel'), { target: { value: TOWN.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Create the outgoing webhook' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not create the webhook: Outgoing webhooks have been disabled by the system admin. (HTTP 501).',
    );
  });

  test('says when the teams cannot be loaded', async () => {
    renderWithRoutes(
      <WebhookHelper config={config} />,
      routes({
        'GET /api/v4/users/me/teams': () =>
          mattermostError(
            401,
            'api.context.session_expired.app_error',
            'Invalid or expired session, please login again.',
          ),
      }),
    );
    expect((await screen.findByRole('alert')).textContent).toContain('Could not load your teams');
  });

  test('needs a saved Bridge URL first', async () => {
    const { fake } = renderWithRoutes(<WebhookHelper config={adminConfig({})} />, routes());
    expect(screen.getByText(/Save a valid Bridge URL first/)).toBeTruthy();
    await waitFor(() => expect(fake.requests).toHaveLength(1));
    expect(screen.queryByRole('button', { name: 'Create the outgoing webhook' })).toBeNull();
    // The team list is fetched regardless; nothing is written.
    expect(fake.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  test('trigger words are split on commas and spaces, without repeats', () => {
    expect(parseTriggerWords(' a, b  c,,a ')).toEqual(['a', 'b', 'c']);
    expect(parseTriggerWords('')).toEqual([]);
  });

  test('warns that Mattermost will not call a private bridge host, and allows it in one click', async () => {
    let allowed = 'webhooks.internal';
    const { fake } = renderWithRoutes(
      <WebhookHelper config={adminConfig({ bridgeurl: 'http://10.1.2.3:8787' })} />,
      routes({
        'GET /api/v4/config': () => ({
          body: { ServiceSettings: { AllowedUntrustedInternalConnections: allowed } },
        }),
        'PUT /api/v4/config/patch': (req) => {
          allowed = (
            req.body as { ServiceSettings: { AllowedUntrustedInternalConnections: string } }
          ).ServiceSettings.AllowedUntrustedInternalConnections;
          return { body: { ServiceSettings: { AllowedUntrustedInternalConnections: allowed } } };
        },
      }),
    );
    expect(
      (await screen.findByText(/10\.1\.2\.3 is a private or loopback address/)).textContent,
    ).toContain('AllowedUntrustedInternalConnections');
    fireEvent.click(screen.getByRole('button', { name: 'Allow Mattermost to call 10.1.2.3' }));
    await screen.findByText(/Mattermost may now call 10\.1\.2\.3/);
    // Only that setting is patched, the hosts already listed kept.
    expect(fake.calls('PUT', '/api/v4/config/patch')[0]?.body).toEqual({
      ServiceSettings: { AllowedUntrustedInternalConnections: 'webhooks.internal 10.1.2.3' },
    });
  });

  test('says nothing about a public bridge host', async () => {
    const { fake } = renderWithRoutes(<WebhookHelper config={config} />, routes());
    await screen.findByRole('option', { name: 'Engineering' });
    expect(screen.queryByText(/private or loopback/)).toBeNull();
    expect(fake.calls('GET', '/api/v4/config')).toHaveLength(0);
  });
});
