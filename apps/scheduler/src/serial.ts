/** Runs async tasks one at a time, in order: the scheduler's passes never interleave with each other. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when everything queued so far has run. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}

/** Coalesces calls within `delayMs` into one run of `task` (queue events come in bursts). */
export function debounce(task: () => void, delayMs: number): { (): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const call = (): void => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      task();
    }, delayMs);
  };
  call.cancel = (): void => clearTimeout(timer);
  return call;
}
