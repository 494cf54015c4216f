import express, {
  type ErrorRequestHandler,
  type Request,
  type Response,
  type Router,
} from 'express';
import { z } from 'zod';
import type { Logger } from '../observability/logger.js';
import type { WebhookDelivery, WebhookFeed } from './feed.js';
import { declaredBodyLimit } from '../http/guards.js';
import { bindingAllows, createTokenVerifier, parseWebhookTokens } from './token.js';
import { ID_PATTERN } from '../resolve/names.js';

export interface OutgoingWebhookOptions {
  /**
   * Tokens of the outgoing webhooks allowed to call the bridge (`BRIDGE_WEBHOOK_TOKENS`), each
   * `token`, `token@team` or `token@team/channel`.
   */
  tokens: readonly string[];
  /** Text posted back in reply (`BRIDGE_WEBHOOK_REPLY`); no reply when empty. */
  replyText?: string;
  feed: WebhookFeed;
  log: Logger;
  /** Largest body accepted. */
  maxBodyBytes?: number;
}

const id = z.string().regex(ID_PATTERN, 'a Mattermost id');
/** Team, channel and user names as Mattermost makes them: lower case, digits, `. - _`. */
const name = z
  .string()
  .max(64)
  .regex(/^[a-z0-9._-]*$/, 'a Mattermost name')
  .default('');
/** Latest time a delivery may carry: the end of year 9999, the last a date can print. */
const LATEST_MS = 253_402_300_799_999;

/** The fields Mattermost sends (FACTS.md, outgoing webhooks); both body encodings reach this. */
const deliverySchema = z.object({
  team_id: id,
  team_domain: name,
  channel_id: id,
  channel_name: name,
  timestamp: z
    .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,16}$/)])
    .transform(Number),
  user_id: id,
  user_name: name,
  post_id: id,
  text: z.string().max(100_000).default(''),
  trigger_word: z.string().max(1000).default(''),
  file_ids: z
    .union([z.string(), z.array(z.string())])
    .default('')
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(id).max(10)),
});

/**
 * `POST /hooks/outgoing`: receives Mattermost's outgoing webhook deliveries (form-encoded or
 * JSON), authenticates them by their token (and the place the token is bound to), checks every
 * field, answers at once and appends them to the feed that backs `mattermost://webhooks/outgoing`.
 * A delivery that fails any check is refused and never stored. Neither the body nor the token is
 * ever logged.
 */
export function createOutgoingWebhookRouter(options: OutgoingWebhookOptions): Router {
  const verify = createTokenVerifier(parseWebhookTokens(options.tokens));
  const limit = options.maxBodyBytes ?? 256 * 1024;
  const router = express.Router();
  const refuse = (res: Response, status: number, reason: string, error: string) => {
    options.log.warn({ event: 'webhook_rejected', reason }, 'outgoing webhook refused');
    reply(res, status, { error });
  };

  router.post(
    '/',
    // Mattermost sends the token inside the body only: what can be refused before reading it is.
    (req, res, next) => {
      if (options.tokens.length === 0)
        return refuse(res, 401, 'token', 'This bridge accepts no outgoing webhooks.');
      declaredBodyLimit(limit)(req, res, next);
    },
    express.urlencoded({ extended: false, limit }),
    express.json({ limit }),
    (req: Request, res: Response) => {
      const body: unknown = req.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        return reply(res, 400, { error: 'The body must be a form-encoded or JSON object.' });
      }
      const fields = body as Record<string, unknown>;
      const entries = verify(fields.token);
      if (entries.length === 0)
        return refuse(res, 401, 'token', 'Unknown or missing webhook token.');
      const parsed = deliverySchema.safeParse(fields);
      if (!parsed.success) {
        return refuse(res, 400, 'fields', `Malformed delivery: ${z.prettifyError(parsed.error)}`);
      }
      if (!entries.some((entry) => bindingAllows(entry, parsed.data))) {
        return refuse(res, 403, 'binding', 'This webhook token is not valid for this channel.');
      }
      const form = req.is('application/x-www-form-urlencoded') !== false;
      // Form bodies carry seconds, JSON bodies milliseconds.
      const timestamp = form ? parsed.data.timestamp * 1000 : parsed.data.timestamp;
      if (!Number.isSafeInteger(timestamp) || timestamp > LATEST_MS) {
        return refuse(res, 400, 'fields', 'Malformed delivery: timestamp is out of range.');
      }
      const delivery: WebhookDelivery = { ...parsed.data, timestamp, received_at: Date.now() };
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
