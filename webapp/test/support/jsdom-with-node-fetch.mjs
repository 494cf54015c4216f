// jsdom has no fetch. For tests whose components talk to real servers (the simulator, the bridge)
// over HTTP, this environment lends the page Node's fetch and the classes it checks its arguments
// against (an AbortSignal from jsdom would be refused by Node's fetch).
import { TestEnvironment } from 'jest-environment-jsdom';

export default class JsdomWithNodeFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of [
      'fetch',
      'Headers',
      'Request',
      'Response',
      'AbortController',
      'AbortSignal',
    ]) {
      this.global[name] = globalThis[name];
    }
  }
}
