import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BearerProxy {
  url: string;
  /** Where requests go (settable after start, for a target that must know the proxy's URL). */
  target: string;
  /** The token added to every request. */
  token: string;
  close(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 that adds `Authorization: Bearer <token>` to every request it passes
 * to `target`, for clients that cannot send a header of their own (the MCP conformance suite).
 * Every other header, Host and Origin included, is passed on as the client sent it, so the target's
 * own checks see what the client sent.
 */
export async function startBearerProxy(target = '', token = ''): Promise<BearerProxy> {
  const server: Server = createServer((req, res) => {
    const upstream = new URL(proxy.target);
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, authorization: `Bearer ${proxy.token}` },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
    res.on('close', () => forward.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const proxy: BearerProxy = {
    url: `http://127.0.0.1:${port}`,
    target,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
