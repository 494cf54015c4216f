// Every network call of the plugin goes through here: Mattermost's REST API (relative to the site,
// authenticated by the session cookie, as Mattermost's own webapp does) and the bridge's public
// endpoints. The site URL and fetch are injectable so the same code runs against any server.
import { ApiError, NetworkError } from './errors';
import { trimTrailingSlashes } from './site-url';

export interface ClientOptions {
  /** The Mattermost site, e.g. `https://chat.example.com` or `https://example.com/chat`. */
  siteUrl: string;
  fetch?: typeof fetch;
  /**
   * For callers without a browser session (scripts, tests against a server): sent as a Bearer token.
   * In the Mattermost page the session cookie authenticates and this stays unset.
   */
  authToken?: string;
  /** Reads a cookie of the page; the CSRF token is the `MMCSRF` cookie. */
  readCookie?: (name: string) => string | undefined;
}

export interface Client {
  readonly siteUrl: string;
  /** `path` starts after `/api/v4`, e.g. `/users/me`. */
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  /** A GET to a service other than Mattermost (the bridge), without cookies, bounded in time. */
  getExternal(url: string, timeoutMs?: number): Promise<Response>;
}

const DEFAULT_EXTERNAL_TIMEOUT_MS = 5000;

export function createClient(options: ClientOptions): Client {
  const siteUrl = trimTrailingSlashes(options.siteUrl);
  const doFetch = options.fetch ?? ((input, init) => window.fetch(input, init));
  const readCookie = options.readCookie ?? readDocumentCookie;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${siteUrl}/api/v4${path}`;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      // Marks the request as the webapp's own, which Mattermost requires of cookie-authenticated writes.
      'X-Requested-With': 'XMLHttpRequest',
    };
    if (method !== 'GET') {
      const csrf = readCookie('MMCSRF');
      if (csrf) headers['X-CSRF-Token'] = csrf;
    }
    if (options.authToken) headers.Authorization = `Bearer ${options.authToken}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'include',
      });
    } catch (err) {
      throw new NetworkError(`Could not reach Mattermost at ${siteUrl} (${errorText(err)})`, url);
    }
    const data = await readBody(response);
    if (!response.ok) throw toApiError(response.status, data, path);
    return data as T;
  }

  return {
    siteUrl,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    async getExternal(url, timeoutMs = DEFAULT_EXTERNAL_TIMEOUT_MS) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        return await doFetch(url, {
          method: 'GET',
          headers: { Accept: 'application/json' },
          credentials: 'omit',
          cache: 'no-store',
          signal: controller.signal,
        });
      } catch (err) {
        const reason = controller.signal.aborted
          ? `no answer within ${timeoutMs / 1000} s`
          : errorText(err);
        throw new NetworkError(`Could not reach ${url} (${reason})`, url);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toApiError(status: number, data: unknown, path: string): ApiError {
  const body = (typeof data === 'object' && data !== null ? data : {}) as {
    id?: unknown;
    message?: unknown;
  };
  const message =
    typeof body.message === 'string' && body.message
      ? body.message
      : `Mattermost answered ${status}`;
  return new ApiError(status, typeof body.id === 'string' ? body.id : '', message, path);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function readDocumentCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
