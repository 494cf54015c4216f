// The two ways a call can fail, kept apart because the UI says different things about them: the
// server answered with an error (ApiError, with Mattermost's status and error id), or nothing usable
// came back at all (NetworkError). Messages carry paths, never tokens.

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    /** Mattermost's error id, e.g. `api.context.permissions.app_error`; empty when the body had none. */
    readonly id: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}

/** A sentence for the user about any error a call raised. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return `${err.message} (HTTP ${err.status}).`;
  if (err instanceof NetworkError) return `${err.message}.`;
  if (err instanceof Error) return err.message;
  return String(err);
}
