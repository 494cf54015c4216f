import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP proxy in front of Mattermost that can lose answers: the request reaches Mattermost
 * and takes effect, but the client gets a 502 instead of the answer, the way a dropped connection
 * or a failing load balancer behaves. It shows whether a retried write is safe.
 */
export interface LossyProxy {
  url: string;
  /** Loses the answers to the next `count` requests whose method and path match. */
  loseNext(method: string, path: string, count?: number): void;
  /** How many answers were lost so far. */
  lost(): number;
  stop(): Promise<void>;
}

export async function startLossyProxy(target: string): Promise<LossyProxy> {
  const upstream = new URL(target);
  let rule: { method: string; path: string; left: number } | undefined;
  let lostCount = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const lose =
      rule !== undefined &&
      rule.left > 0 &&
      req.method === rule.method &&
      (req.url ?? '').split('?')[0] === rule.path;
    if (lose) rule!.left -= 1;
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        if (lose) {
          answer.resume();
          answer.on('end', () => {
            lostCount += 1;
            res.writeHead(502, { 'Content-Type': 'application/json' });
            res.end(
              JSON.stringify({
                id: 'proxy.lost',
                message: 'The answer was lost on the way.',
                status_code: 502,
              }),
            );
          });
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'proxy.unreachable',
          message: 'Upstream unreachable.',
          status_code: 502,
        }),
      );
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    loseNext(method, path, count = 1) {
      rule = { method, path, left: count };
    },
    lost: () => lostCount,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
