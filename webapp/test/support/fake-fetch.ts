// A fetch answered from a table of routes, for the component tests of each panel's states.
//
// The panels' main flows also run against the simulator and the bridge as real processes
// (test/integration/). This table covers what those cannot produce on demand or observe: Mattermost
// failing (500s, bot creation turned off, a person holding the bot's username, a disabled bot), a
// bridge that is degraded or hangs, the exact headers and bodies of each request, and the timing of
// every state. Answers follow what Mattermost documents (JSON bodies, errors {id, message, status_code}).

export interface RecordedRequest {
  method: string;
  url: string;
  /** The path after the origin, with the query. */
  path: string;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  /** Raw text instead of JSON. */
  text?: string;
}

/** Throw this from a route to simulate a connection failure. */
export const UNREACHABLE = Symbol('unreachable');

export type Route = (request: RecordedRequest) => FakeAnswer | typeof UNREACHABLE;

export interface FakeFetch {
  fetch: typeof fetch;
  requests: RecordedRequest[];
  /** Requests whose method and path (without query) match. */
  calls(method: string, pathname: string): RecordedRequest[];
}

/** Routes are keyed `"METHOD /path"` (query ignored) or `"METHOD https://host/path"` for other origins. */
export function fakeFetch(routes: Record<string, Route>): FakeFetch {
  const requests: RecordedRequest[] = [];
  const impl = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const request: RecordedRequest = {
      method,
      url: url.toString(),
      path: url.pathname + url.search,
      headers: { ...(init.headers as Record<string, string> | undefined) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      credentials: init.credentials,
    };
    requests.push(request);
    const route =
      routes[`${method} ${url.pathname}`] ?? routes[`${method} ${url.origin}${url.pathname}`];
    const answer = route
      ? route(request)
      : mattermostError(404, 'api.context.404.app_error', 'Sorry, we could not find the page.');
    if (answer === UNREACHABLE) throw new TypeError('Failed to fetch');
    return toResponse(answer);
  };
  return {
    fetch: impl as typeof fetch,
    requests,
    calls: (method, pathname) =>
      requests.filter((r) => r.method === method && r.path.split('?')[0] === pathname),
  };
}

export function mattermostError(status: number, id: string, message: string): FakeAnswer {
  return {
    status,
    body: { id, message, detailed_error: '', request_id: 'r1', status_code: status },
  };
}

function toResponse(answer: FakeAnswer): Response {
  const status = answer.status ?? 200;
  const text = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: {
      get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null),
    },
    text: async () => text,
    json: async () => JSON.parse(text),
  } as unknown as Response;
}
