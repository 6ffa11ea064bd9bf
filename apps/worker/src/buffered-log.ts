/**
 * Log lines written in batches. stdout to a pipe is synchronous in Node on Linux, and a worker logs two lines per
 * trial: with the no-op trainer, profiles showed ~10% of a worker's CPU in those writes (~0.5 ms each while the
 * reading process was busy). Lines are joined and written every `flushMs` (or at 64 KB), and on exit.
 */
export interface BufferedLog {
  (line: string): void;
  flush(): void;
}

export function bufferedLog(write: (text: string) => void, flushMs = 50): BufferedLog {
  let lines: string[] = [];
  let bytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (lines.length === 0) return;
    const text = lines.join('');
    lines = [];
    bytes = 0;
    write(text);
  };
  const log = (line: string): void => {
    lines.push(`${line}\n`);
    bytes += line.length + 1;
    if (bytes >= 65_536) flush();
    else timer ??= setTimeout(flush, flushMs).unref();
  };
  log.flush = flush;
  // process.exit() (a second signal, a fatal error) skips timers: write what is left, synchronously.
  process.on('exit', flush);
  return log;
}
