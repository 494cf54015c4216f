/**
 * The resources a user's open `subscriptions/listen` streams name, each with the number of
 * streams naming it: the live layer follows a resource from the first stream naming it until the
 * last one ends.
 */
export class FollowCounts {
  private readonly counts = new Map<string, number>();

  /** The resources followed. */
  uris(): string[] {
    return [...this.counts.keys()];
  }

  /** How many resources would be followed once a stream naming `uris` opens. */
  sizeWith(uris: readonly string[]): number {
    return this.counts.size + uris.filter((uri) => !this.counts.has(uri)).length;
  }

  /** A stream naming `uris` opened: returns those no stream named before (to follow now). */
  open(uris: readonly string[]): string[] {
    const added: string[] = [];
    for (const uri of uris) {
      const n = this.counts.get(uri) ?? 0;
      this.counts.set(uri, n + 1);
      if (n === 0) added.push(uri);
    }
    return added;
  }

  /** A stream naming `uris` ended: returns those no stream names any more (to stop following). */
  close(uris: readonly string[]): string[] {
    const dropped: string[] = [];
    for (const uri of uris) {
      const n = (this.counts.get(uri) ?? 1) - 1;
      if (n > 0) this.counts.set(uri, n);
      else if (this.counts.delete(uri)) dropped.push(uri);
    }
    return dropped;
  }
}
