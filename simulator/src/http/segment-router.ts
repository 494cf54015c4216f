import express, { type RequestHandler, type Router } from 'express';

const ROUTE_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'all'] as const;

/** The first segment of a path or URL (`/users/me?x=1` → `users`), lower-cased like express's routing. */
export function firstSegment(url: string): string {
  let end = 1;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 47 /* / */ || c === 63 /* ? */) break;
    end++;
  }
  return url.slice(1, end).toLowerCase();
}

/**
 * Routes grouped by the first segment of their path: `/users/...` routes live in one router,
 * `/channels/...` in another. Express tries a router's routes one by one, so with ~170 routes in
 * one list a request for `/users/me` paid for matching every route ahead of it; here it only meets
 * the routes of its own segment, in the order they were registered. Paths stay whole (nothing is
 * stripped), so handlers, `req.params` and the fallthrough to the 404 handler are unchanged.
 */
export class SegmentRouter {
  private readonly segments = new Map<string, Router>();

  /**
   * Sends each request to the router of its first segment; requests of no segment fall through.
   * It carries the segments' routers so that tools listing the served routes can find them.
   */
  readonly dispatch: RequestHandler & { segments: ReadonlyMap<string, Router> } = Object.assign(
    ((req, res, next) => {
      const router = this.segments.get(firstSegment(req.url));
      if (router) router(req, res, next);
      else next();
    }) as RequestHandler,
    { segments: this.segments },
  );

  /**
   * A stand-in for an express Router that route modules register on as usual: routes go to their
   * segment's router; path-less middleware (`use(handler)`) goes to `fallback` at this point of the
   * chain, ahead of the segments' routes.
   */
  registrar(fallback: Router): Router {
    const registrar: Record<string, unknown> = {};
    for (const method of ROUTE_METHODS) {
      registrar[method] = (path: unknown, ...handlers: RequestHandler[]) => {
        const router = this.routerFor(path);
        router[method](path as string, ...handlers);
        return registrar;
      };
    }
    registrar['use'] = (...args: Parameters<Router['use']>) => {
      fallback.use(...args);
      return registrar;
    };
    // Route modules only register routes and middleware, so these methods are all a registrar needs.
    return registrar as unknown as Router;
  }

  private routerFor(path: unknown): Router {
    if (typeof path !== 'string' || !/^\/[A-Za-z0-9_.-]+(\/|$)/.test(path)) {
      throw new Error(`route path must start with a literal segment: ${String(path)}`);
    }
    const segment = firstSegment(path);
    let router = this.segments.get(segment);
    if (!router) this.segments.set(segment, (router = express.Router()));
    return router;
  }
}
