import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line and upstream call made while serving one request should carry. */
export interface RequestContext {
  correlationId: string;
  userId?: string;
  tool?: string;
  /** Aborts when the client cancels the request; upstream calls made for it stop too. */
  signal?: AbortSignal;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: Partial<RequestContext>, fn: () => T): T {
  const parent = storage.getStore();
  return storage.run({ ...parent, ...ctx, correlationId: ctx.correlationId ?? randomUUID() }, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
