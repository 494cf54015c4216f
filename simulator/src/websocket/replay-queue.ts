/** One sequenced frame as it was sent (or would have been sent) to a connection. */
export interface SequencedFrame {
  seq: number;
  text: string;
}

/**
 * The last `capacity` frames of one connection, so that a client that reconnects with the next
 * sequence number it expects can be given exactly what it missed (Mattermost keeps 128).
 */
export class ReplayQueue {
  private readonly frames: SequencedFrame[] = [];

  constructor(private readonly capacity = 128) {}

  push(frame: SequencedFrame): void {
    this.frames.push(frame);
    if (this.frames.length > this.capacity) this.frames.shift();
  }

  /**
   * The frames from `seq` up to the newest, given that the next frame will carry `nextSeq`;
   * undefined when some of them are no longer held (or `seq` lies in the future).
   */
  from(seq: number, nextSeq: number): SequencedFrame[] | undefined {
    if (seq === nextSeq) return [];
    if (seq > nextSeq || seq < 0) return undefined;
    const oldest = this.frames[0];
    if (!oldest || oldest.seq > seq) return undefined;
    return this.frames.slice(seq - oldest.seq);
  }
}
