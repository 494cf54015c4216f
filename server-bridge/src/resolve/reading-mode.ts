import { collapsedThreadsOn } from '../format/unreads.js';
import type { UserGateway } from '../gateway/user-gateway.js';

/**
 * Whether the acting person reads with collapsed reply threads, which decides how their unread
 * messages are counted: the server's client configuration and the person's display setting.
 */
export async function readsCollapsedThreads(mm: UserGateway): Promise<boolean> {
  const [config, display] = await Promise.all([
    mm.getClientConfig(),
    mm.getMyPreferences('display_settings'),
  ]);
  const preference = display.find((p) => p.name === 'collapsed_reply_threads')?.value;
  return collapsedThreadsOn(config.CollapsedThreads, preference);
}
