import { AsyncLocalStorage } from 'node:async_hooks';
import mattermostClient, { type Client4 as Client4Type } from '@mattermost/client';
import type { Options } from '@mattermost/types/client4';
import { retryAfterFromHeaders } from './backoff.js';
import { MattermostError } from '../errors.js';

const { Client4 } = mattermostClient;
export type Client4 = Client4Type;

/** What the gateway knows about the upstream call in progress: its name and its deadline. */
export interface UpstreamScope {
  operation: string;
  signal?: AbortSignal;
}

/** Carries the scope from the gateway method into the fetch that Client4 makes on its behalf. */
export const upstreamScope = new AsyncLocalStorage<UpstreamScope>();

/** Told about every HTTP exchange with Mattermost (status 0: no answer), with Mattermost's request id. */
export type UpstreamObserver = (
  operation: string,
  status: number,
  seconds: number,
  requestId?: string,
) => void;

type FetchWithResponse = (
  url: string,
  options: Options,
) => Promise<{
  response: Response;
  headers: Map<string, string>;
  data: unknown;
}>;

/**
 * An official Client4 whose transport is replaced by one that honours the gateway's per-call
 * deadline, reports each exchange, and raises errors that keep what Client4 drops: Mattermost's
 * request id and how long a 429 asks us to wait. Node's fetch reuses connections (keep-alive).
 */
export function createMattermostClient(
  baseUrl: string,
  token: string,
  observe: UpstreamObserver,
  userAgent: string,
): Client4 {
  const client = new Client4();
  client.setUrl(baseUrl);
  client.setToken(token);
  client.setIncludeCookies(false);
  client.setUserAgent(userAgent);

  const fetchWithResponse: FetchWithResponse = async (url, options) => {
    const scope = upstreamScope.getStore();
    const operation = scope?.operation ?? 'unknown';
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    let response: Response;
    try {
      response = await fetch(url, {
        ...(client.getOptions(options) as RequestInit),
        signal: scope?.signal,
      });
    } catch (err) {
      observe(operation, 0, elapsed());
      const timedOut =
        scope?.signal?.aborted && (scope.signal.reason as Error)?.name === 'TimeoutError';
      throw new MattermostError(
        timedOut
          ? 'Mattermost did not answer in time.'
          : `Could not reach Mattermost (${(err as Error).name === 'AbortError' ? 'cancelled' : describeNetworkError(err)}).`,
        0,
        timedOut ? 'bridge.upstream.timeout' : 'bridge.upstream.unreachable',
      );
    }
    // Client4 reads JSON only when the type is exactly application/json, like the real server sends.
    const contentType = response.headers.get('content-type') ?? '';
    let data: unknown;
    try {
      if (contentType === 'application/json') data = await response.json();
      else if (!response.ok || contentType.startsWith('text/')) data = await response.text();
      else data = Buffer.from(await response.arrayBuffer());
    } catch {
      observe(operation, response.status, elapsed());
      throw new MattermostError(
        'Mattermost sent a response that could not be read.',
        response.status,
      );
    }
    observe(
      operation,
      response.status,
      elapsed(),
      response.headers.get('x-request-id') ?? undefined,
    );
    const headers = new Map<string, string>();
    response.headers.forEach((value, key) => headers.set(key, value));
    if (response.ok) return { response, headers, data };

    const body = (typeof data === 'object' && data !== null ? data : {}) as {
      message?: string;
      id?: string;
      request_id?: string;
    };
    throw new MattermostError(
      body.message || `Mattermost answered HTTP ${response.status}.`,
      response.status,
      body.id,
      response.headers.get('x-request-id') ?? body.request_id ?? undefined,
      response.status === 429 ? retryAfterFromHeaders(response.headers) : undefined,
    );
  };
  // doFetchWithResponse is an instance property of Client4 that every method goes through.
  (client as unknown as { doFetchWithResponse: FetchWithResponse }).doFetchWithResponse =
    fetchWithResponse;
  return client;
}

function transportOf(client: Client4): FetchWithResponse {
  return (client as unknown as { doFetchWithResponse: FetchWithResponse }).doFetchWithResponse;
}

/**
 * A call that Client4 has no method for (a GET unless `post` gives a JSON body), through the same
 * instrumented transport.
 */
export async function requestJson<T>(
  client: Client4,
  url: string,
  post?: { body: unknown },
): Promise<T> {
  const { data } = await transportOf(client)(
    url,
    post ? { method: 'post', body: JSON.stringify(post.body) } : { method: 'get' },
  );
  return data as T;
}

/** A file's bytes, refused when larger than `maxBytes`. */
export async function getBinary(
  client: Client4,
  url: string,
  maxBytes: number,
): Promise<{ data: Buffer; mimeType: string }> {
  const { data, headers } = await transportOf(client)(url, { method: 'get' });
  const bytes = Buffer.isBuffer(data)
    ? data
    : Buffer.from(typeof data === 'string' ? data : JSON.stringify(data));
  if (bytes.length > maxBytes) {
    throw new MattermostError(
      `The file is larger than ${maxBytes} bytes.`,
      413,
      'bridge.file.too_large',
    );
  }
  return { data: bytes, mimeType: headers.get('content-type') ?? 'application/octet-stream' };
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause;
  return cause?.code ?? (err as Error).message ?? 'network error';
}
