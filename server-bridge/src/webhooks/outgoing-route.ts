import express, {
  type ErrorRequestHandler,
  type Request,
  type Response,
  type Router,
} from 'express';
import { z } from 'zod';
import type { Logger } from '../observability/logger.js';
import type { WebhookDelivery, WebhookFeed } from './feed.js';
import { createTokenVerifier } from './token.js';

export interface OutgoingWebhookOptions {
  /** Tokens of the outgoing webhooks allowed to call the bridge (`BRIDGE_WEBHOOK_TOKENS`). */
  tokens: readonly string[];
  /** Text posted back in reply (`BRIDGE_WEBHOOK_REPLY`); no reply when empty. */
  replyText?: string;
  feed: WebhookFeed;
  log: Logger;
  /** Largest body accepted. */
  maxBodyBytes?: number;
}

const text = z.string().max(100_000);
const id = z.string().regex(/^[a-z0-9]{26}$/, 'a Mattermost id');

/** The fields Mattermost sends (FACTS.md, outgoing webhooks); both body encodings reach this. */
const deliverySchema = z.object({
  team_id: id,
  team_domain: text.default(''),
  channel_id: id,
  channel_name: text.default(''),
  timestamp: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
  user_id: id,
  user_name: text.default(''),
  post_id: id,
  text: text.default(''),
  trigger_word: text.default(''),
  file_ids: z
    .union([z.string(), z.array(z.string())])
    .default('')
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean)),
});

/**
 * `POST /hooks/outgoing`: receives Mattermost's outgoing webhook deliveries (form-encoded or
 * JSON), authenticates them by their token, answers at once and appends them to the feed that
 * backs `mattermost://webhooks/outgoing`. Neither the body nor the token is ever logged.
 */
export function createOutgoingWebhookRouter(options: OutgoingWebhookOptions): Router {
  const verify = createTokenVerifier(options.tokens);
  const limit = options.maxBodyBytes ?? 256 * 1024;
  const router = express.Router();

  router.post(
    '/',
    express.urlencoded({ extended: false, limit }),
    express.json({ limit }),
    (req: Request, res: Response) => {
      const body: unknown = req.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        return reply(res, 400, { error: 'The body must be a form-encoded or JSON object.' });
      }
      const fields = body as Record<string, unknown>;
      if (!verify(fields.token)) {
        options.log.warn(
          { event: 'webhook_rejected', reason: 'token' },
          'outgoing webhook refused',
        );
        return reply(res, 401, { error: 'Unknown or missing webhook token.' });
      }
      const parsed = deliverySchema.safeParse(fields);
      if (!parsed.success) {
        options.log.warn(
          { event: 'webhook_rejected', reason: 'fields' },
          'outgoing webhook malformed',
        );
        return reply(res, 400, { error: `Malformed delivery: ${z.prettifyError(parsed.error)}` });
      }
      const form = req.is('application/x-www-form-urlencoded') !== false;
      const delivery: WebhookDelivery = {
        ...parsed.data,
        // Form bodies carry seconds, JSON bodies milliseconds.
        timestamp: form ? parsed.data.timestamp * 1000 : parsed.data.timestamp,
        received_at: Date.now(),
      };
      const added = options.feed.add(delivery);
      options.log.info(
        {
          event: 'webhook_delivery',
          channel_id: delivery.channel_id,
          post_id: delivery.post_id,
          added,
        },
        'outgoing webhook received',
      );
      return reply(res, 200, options.replyText ? { text: options.replyText } : {});
    },
  );

  // Body parser failures (bad JSON, too large) answer 400/413 without echoing the body.
  const onError: ErrorRequestHandler = (
    err: { status?: number; type?: string },
    _req,
    res,
    _next,
  ) => {
    const status = err.status === 413 ? 413 : 400;
    options.log.warn(
      { event: 'webhook_rejected', reason: err.type ?? 'body' },
      'outgoing webhook unreadable',
    );
    reply(res, status, { error: status === 413 ? 'Body too large.' : 'Malformed body.' });
  };
  router.use(onError);
  return router;
}

/** Mattermost's client reads the reply as JSON; keep the content type exact. */
function reply(res: Response, status: number, body: object): void {
  res.status(status).setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}
