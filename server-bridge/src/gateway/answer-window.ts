/**
 * Mattermost's answers of the last minute, and how many of them were 429s: the share of the
 * bridge's calls Mattermost is throttling now, for /health. One bucket per second, so the count
 * costs the same however busy the bridge is.
 */
export class AnswerWindow {
  private readonly seconds = 60;
  private readonly answers = new Array<number>(this.seconds).fill(0);
  private readonly throttled = new Array<number>(this.seconds).fill(0);
  /** The second (since the epoch) each bucket holds. */
  private readonly stamps = new Array<number>(this.seconds).fill(-1);

  constructor(private readonly now: () => number = Date.now) {}

  record(status: number): void {
    const second = Math.floor(this.now() / 1000);
    const slot = second % this.seconds;
    if (this.stamps[slot] !== second) {
      this.stamps[slot] = second;
      this.answers[slot] = 0;
      this.throttled[slot] = 0;
    }
    this.answers[slot]! += 1;
    if (status === 429) this.throttled[slot]! += 1;
  }

  /** Answers and 429s within the last `seconds` (at most a minute). */
  within(seconds = this.seconds): { answers: number; throttled: number } {
    const oldest = Math.floor(this.now() / 1000) - Math.min(seconds, this.seconds) + 1;
    let answers = 0;
    let throttled = 0;
    for (let slot = 0; slot < this.seconds; slot++) {
      if (this.stamps[slot]! < oldest) continue;
      answers += this.answers[slot]!;
      throttled += this.throttled[slot]!;
    }
    return { answers, throttled };
  }
}
