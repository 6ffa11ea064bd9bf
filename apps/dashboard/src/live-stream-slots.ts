/** Who holds the live-update streams: a cap in all and per client address (see `ConnectionLimits`). */

export type StreamSlot = { release(): void } | { problem: string };

export class LiveStreamSlots {
  private total = 0;
  private readonly perClient = new Map<string, number>();

  constructor(private readonly limits: { maxLiveStreams: number; maxLiveStreamsPerClient: number }) {}

  /** A slot for one stream of `client`, or why there is none. `release()` is idempotent. */
  take(client: string): StreamSlot {
    const mine = this.perClient.get(client) ?? 0;
    if (mine >= this.limits.maxLiveStreamsPerClient) {
      const problem = `this client has ${mine} live streams open, the most one client may; close one, or poll /changes`;
      return { problem };
    }
    if (this.total >= this.limits.maxLiveStreams) {
      return { problem: `the dashboard serves ${this.total} live streams, its limit; retry later, or poll /changes` };
    }
    this.total += 1;
    this.perClient.set(client, mine + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total -= 1;
        const left = (this.perClient.get(client) ?? 1) - 1;
        if (left <= 0) this.perClient.delete(client);
        else this.perClient.set(client, left);
      },
    };
  }
}
