import type { TokenRefusal } from './gateway/token-refusal.js';

/**
 * Every error the bridge raises on purpose, in one module that imports nothing of the bridge but a
 * type, so any layer may throw or recognise any of them without importing a layer above it. Each
 * says in its message what went wrong in words a person or a model can act on; none carries a token.
 * How each one reaches a client (tool result, JSON-RPC error, HTTP status) is decided in
 * mcp/protocol-errors.ts and the HTTP middleware, not here.
 */

/** Base for errors whose whole meaning is their message. */
class NamedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

// ── Mattermost and the gateway ──────────────────────────────────────────────

/** A failed upstream call, as the model and the logs may see it (no token, no stack). */
export class MattermostError extends NamedError {
  constructor(
    message: string,
    readonly status: number,
    /** Mattermost's own error id, such as `api.context.permissions.app_error`. */
    readonly serverErrorId?: string,
    /** Mattermost's `X-Request-Id`, for the admin to find the call in the server logs. */
    readonly requestId?: string,
    /** How long Mattermost asked us to wait (`Retry-After` / `X-Ratelimit-Reset` on a 429). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The token was refused by Mattermost (401), or could not be checked. */
export class UnauthorizedError extends NamedError {
  constructor(
    message = 'The Mattermost token is missing, invalid or revoked.',
    /** Why Mattermost refused the token, when it did. */
    readonly refusal?: TokenRefusal,
  ) {
    super(message);
  }
}

/** A limit of the bridge itself was hit (rate limit wait too long, too many calls, too many sessions). */
export class BridgeLimitError extends NamedError {
  constructor(
    message: string,
    /** Which limit: `rate_limit_user`, `rate_limit_global`, `concurrency`, `sessions`, `circuit_open`. */
    readonly limit: string,
  ) {
    super(message);
  }
}

/** Mattermost refused the code or the refresh token: the person must sign in again. */
export class MattermostGrantRefused extends NamedError {}

// ── Tools, resources and the admins' policy ─────────────────────────────────

/**
 * An error the model can act on (not found, ambiguous name, bad argument): the registry turns it
 * into a tool result with `isError`, not a protocol error.
 */
export class ToolError extends NamedError {}

/**
 * A call refused by an admin's policy. It is a ToolError, so the model reads a clear reason as a
 * tool result (not a protocol fault) and does not retry blindly.
 */
export class PolicyError extends ToolError {
  constructor(
    message: string,
    /** What kind of rule refused it, for the audit trail and metrics. */
    readonly rule: string,
    /** The policy profiles that decided the refusal; none when the global policy alone did. */
    readonly profiles: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The token is valid but the admins' access policy does not let this user connect (HTTP 403). */
export class AccessDeniedError extends NamedError {}

/** A profile or toolset name nobody knows: refused at start-up or at the request that used it. */
export class ToolsetError extends NamedError {}

/** The bridge serves no such resource, or not to this user. */
export class UnknownResourceError extends NamedError {
  constructor(uri: string, reason?: string) {
    super(reason ? `${reason} (${uri})` : `No such resource: ${uri}`);
  }
}

/** A document's text could not be read (too large, too slow, too hungry, or not a document). */
export class DocumentTextError extends NamedError {}

// ── Start-up and OAuth ──────────────────────────────────────────────────────

/** A setting is missing or wrong; the message names the variable, never its value. */
export class ConfigError extends NamedError {}

/** An OAuth error answer (RFC 6749 §5.2): `error` code, a description for people, its status. */
export class OAuthProblem extends NamedError {
  constructor(
    readonly code: string,
    description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

/** A client id metadata document that cannot be fetched or does not describe a client. */
export class MetadataDocumentError extends NamedError {}
