import { createHash, randomBytes } from 'node:crypto';
import {
  createRequestStateCodec,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';

/**
 * What a confirmation covers, sealed into the `requestState` the client echoes back with the
 * user's answer: the user, the tool and a digest of its exact arguments. An answer is honoured
 * only for the call it was asked for, by the user it was asked of.
 */
export interface ConfirmationTicket {
  /** The user's id. */
  u: string;
  /** The tool's name. */
  t: string;
  /** Digest of the call's arguments (`argumentsDigest`). */
  a: string;
}

/** How long a question stays answerable: a person reads it and decides. */
const TICKET_TTL_SECONDS = 600;

/** JSON with object keys sorted, so equal arguments give equal text whatever their order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function argumentsDigest(tool: string, args: Record<string, unknown>): string {
  return createHash('sha256')
    .update(`${tool}\0${canonical(args)}`)
    .digest('base64url');
}

/**
 * Seals and checks confirmation tickets (HMAC-SHA256, the SDK's request-state codec). The key is
 * BRIDGE_REQUEST_STATE_SECRET when set, which bridges of a cluster share so that the answer may
 * reach another bridge than the question; otherwise a random key of this process.
 */
export class ConfirmationSeal {
  private readonly codec: RequestStateCodec<ConfirmationTicket>;

  constructor(secret?: string) {
    this.codec = createRequestStateCodec<ConfirmationTicket>({
      key: secret ?? randomBytes(32),
      ttlSeconds: TICKET_TTL_SECONDS,
      // A ticket answers the method it was issued for.
      bind: (ctx) => ctx.mcpReq.method,
    });
  }

  seal(ticket: ConfirmationTicket, ctx: ServerContext): Promise<string> {
    return this.codec.mint(ticket, ctx);
  }

  /**
   * The `requestState.verify` hook of one user's servers: a ticket sealed for anyone else is
   * refused like a forged one (the SDK answers -32602 "Invalid or expired requestState").
   */
  verifierFor(userId: string): (state: string, ctx: ServerContext) => Promise<ConfirmationTicket> {
    return async (state, ctx) => {
      const ticket = await this.codec.verify(state, ctx);
      if (ticket?.u !== userId) throw new Error('bind');
      return ticket;
    };
  }
}
