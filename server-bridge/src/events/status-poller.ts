import { ResourceUris, parseResourceUri } from '../resources/uris.js';
import type { LiveAccess } from './live-types.js';

/**
 * Mattermost pushes `status_change` only to the user concerned, so other users' statuses are
 * polled, all subscribed ones in one `POST /users/status/ids`. The user's own status comes with
 * the WebSocket and is polled only while polling stands in for it.
 */
export class StatusPoller {
  private readonly last = new Map<string, string>();

  constructor(private readonly userId: string) {}

  /** Reads the statuses behind the followed status resources; calls `changed` for those that moved. */
  async poll(
    access: LiveAccess,
    uris: Iterable<string>,
    includeSelf: boolean,
    changed: (uri: string) => void,
  ): Promise<void> {
    const ids: string[] = [];
    for (const uri of uris) {
      const parsed = parseResourceUri(uri);
      if (parsed?.kind === 'userStatus' && (includeSelf || parsed.userId !== this.userId)) {
        ids.push(parsed.userId);
      }
    }
    if (ids.length === 0) return;
    const statuses = await access.statuses(ids).catch(() => undefined);
    if (!statuses) return;
    for (const id of ids) {
      const status = statuses[id];
      if (status === undefined) continue;
      const before = this.last.get(id);
      this.last.set(id, status);
      if (before !== undefined && before !== status) changed(ResourceUris.userStatus(id));
    }
  }

  forget(uri: string): void {
    const parsed = parseResourceUri(uri);
    if (parsed?.kind === 'userStatus') this.last.delete(parsed.userId);
  }
}
