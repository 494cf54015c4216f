import { afterAll, beforeAll } from '@jest/globals';
import { startOAuthStack, type OAuthStack } from './oauth.js';

/**
 * Registers the beforeAll that starts the OAuth stack with `env` and the afterAll that stops it.
 * The stack object exists from the start and is filled in by that beforeAll.
 */
export function useOAuthStack(env: Record<string, string> = {}): OAuthStack {
  const stack = {} as OAuthStack;
  let started = false;
  beforeAll(async () => {
    Object.assign(stack, await startOAuthStack(env));
    started = true;
  }, 60_000);
  afterAll(async () => {
    if (started) await stack.stop();
  });
  return stack;
}
