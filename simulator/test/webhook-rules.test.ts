import { describe, expect, it } from '@jest/globals';

import { parseWebhookReply, webhookBody } from '../src/webhooks/payload.js';
import { firingHooks } from '../src/webhooks/trigger.js';
import type { OutgoingWebhook } from '../src/webhooks/types.js';

const hook = (over: Partial<OutgoingWebhook>): OutgoingWebhook => ({
  id: 'h',
  token: 'tok',
  create_at: 1,
  update_at: 1,
  delete_at: 0,
  creator_id: 'u',
  channel_id: '',
  team_id: 't1',
  trigger_words: [],
  trigger_when: 0,
  callback_urls: ['http://127.0.0.1:1/'],
  display_name: '',
  description: '',
  content_type: 'application/x-www-form-urlencoded',
  username: '',
  icon_url: '',
  ...over,
});

const post = { message: 'build now please', channel_id: 'c1', team_id: 't1', channel_type: 'O' };

describe('firingHooks', () => {
  it('fires a channel hook without trigger words on every post of its channel', () => {
    const h = hook({ channel_id: 'c1' });
    expect(firingHooks(post, [h])).toEqual([{ hook: h, triggerWord: '' }]);
    expect(firingHooks({ ...post, channel_id: 'c2' }, [h])).toEqual([]);
  });

  it('never fires a team hook without trigger words', () => {
    expect(firingHooks(post, [hook({})])).toEqual([]);
  });

  it('matches the first word exactly (0) or by its start (1)', () => {
    const exact = hook({ trigger_words: ['build'], trigger_when: 0 });
    const starts = hook({ trigger_words: ['bu'], trigger_when: 1 });
    const exactMiss = hook({ trigger_words: ['bu'], trigger_when: 0 });
    const later = hook({ trigger_words: ['now'] });
    expect(firingHooks(post, [exact, starts, exactMiss, later]).map((f) => f.triggerWord)).toEqual([
      'build',
      'bu',
    ]);
  });

  it("fires only in public channels of the hook's team, and not for deleted hooks", () => {
    const h = hook({ trigger_words: ['build'] });
    expect(firingHooks({ ...post, channel_type: 'P' }, [h])).toEqual([]);
    expect(firingHooks({ ...post, channel_type: 'D' }, [h])).toEqual([]);
    expect(firingHooks({ ...post, team_id: 't2' }, [h])).toEqual([]);
    expect(firingHooks(post, [hook({ trigger_words: ['build'], delete_at: 5 })])).toEqual([]);
  });
});

describe('webhookBody', () => {
  const facts = {
    token: 'tok',
    team_id: 't1',
    team_domain: 'team',
    channel_id: 'c1',
    channel_name: 'town-square',
    create_at: 1_700_000_123_456,
    user_id: 'u1',
    user_name: 'alice',
    post_id: 'p1',
    text: 'build now',
    trigger_word: 'build',
    file_ids: ['f1', 'f2'],
  };

  it('sends JSON with the time in milliseconds', () => {
    const { contentType, body } = webhookBody(hook({ content_type: 'application/json' }), facts);
    expect(contentType).toBe('application/json');
    expect(JSON.parse(body)).toEqual({
      token: 'tok',
      team_id: 't1',
      team_domain: 'team',
      channel_id: 'c1',
      channel_name: 'town-square',
      timestamp: 1_700_000_123_456,
      user_id: 'u1',
      user_name: 'alice',
      post_id: 'p1',
      text: 'build now',
      trigger_word: 'build',
      file_ids: 'f1,f2',
    });
  });

  it('sends a form with the time in seconds by default', () => {
    const { contentType, body } = webhookBody(hook({}), facts);
    expect(contentType).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(body);
    expect(form.get('timestamp')).toBe('1700000123');
    expect(form.get('file_ids')).toBe('f1,f2');
    expect(form.get('text')).toBe('build now');
  });
});

describe('parseWebhookReply', () => {
  it('reads a reply with text or attachments and ignores anything else', () => {
    expect(parseWebhookReply('{"text":"hi","response_type":"comment"}')).toEqual({
      text: 'hi',
      response_type: 'comment',
    });
    expect(parseWebhookReply('{"attachments":[{"text":"a"}]}')).toEqual({
      attachments: [{ text: 'a' }],
    });
    expect(parseWebhookReply('')).toBeUndefined();
    expect(parseWebhookReply('not json')).toBeUndefined();
    expect(parseWebhookReply('{"text":""}')).toBeUndefined();
    expect(parseWebhookReply('[1]')).toBeUndefined();
  });
});
