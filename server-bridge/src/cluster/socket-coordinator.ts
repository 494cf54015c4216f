import type { ClusterMember, SocketCluster } from '../events/cluster-source.js';
import type { Logger } from '../observability/logger.js';
import type { EventRelay } from './event-relay.js';
import type { SocketLeases } from './socket-lease.js';

/**
 * One bridge's side of "one Mattermost WebSocket per user across the cluster": the users with
 * live state here claim their lease in one round trip per renewal (a third of the lease's time
 * to live), so the holder keeps it and, once a holder dies and its lease expires, a bridge with
 * subscribers of that user takes it over at its next renewal. The relay carries the holder's
 * events to the others.
 */
export class SocketCoordinator implements SocketCluster {
  private readonly members = new Map<string, ClusterMember>();
  private readonly timer: NodeJS.Timeout;
  /** Releases under way, awaited when the bridge stops. */
  private readonly leaving = new Set<Promise<unknown>>();

  constructor(
    private readonly leases: SocketLeases,
    readonly relay: EventRelay,
    private readonly log: Logger,
  ) {
    this.timer = setInterval(
      () => void this.claim([...this.members.keys()]),
      Math.max(100, Math.floor(leases.ttlMs / 3)),
    );
    this.timer.unref();
    // A following bridge asks for a checkpoint: the holder of that user answers on the stream.
    void relay.onCheckpointRequest((userId, token) =>
      this.members.get(userId)?.checkpointRequested(token),
    );
  }

  join(member: ClusterMember): void {
    this.members.set(member.userId, member);
    void this.claim([member.userId]);
  }

  leave(member: ClusterMember, held: boolean): void {
    if (this.members.get(member.userId) === member) this.members.delete(member.userId);
    if (!held) return;
    // The lease goes first, so a bridge told "released" can take it at once.
    const release = this.leases
      .release(member.userId)
      .then(() => this.relay.publish(member.userId, { kind: 'released' }));
    this.leaving.add(release);
    void release.finally(() => this.leaving.delete(release));
  }

  claimNow(userId: string): void {
    void this.claim([userId]);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.leaving]);
    this.members.clear();
    this.relay.stop();
  }

  private async claim(userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    try {
      const { held, alone } = await this.leases.claim(userIds);
      for (const [userId, mine] of held) this.members.get(userId)?.claimed(mine, alone);
    } catch (err) {
      this.log.warn({ err }, 'socket leases not claimed');
    }
  }
}
