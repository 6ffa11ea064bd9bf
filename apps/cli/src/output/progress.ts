/**
 * Progress of a running sweep: on a terminal, a bar per running trial plus an overall bar; elsewhere (CI, pipes),
 * one line per started/finished trial so logs stay readable.
 */
import cliProgress from 'cli-progress';
import type { TrainProgress } from '@cellsweep/trainer';

export interface TrialLabel {
  trialId: string;
  label: string;
}

export interface ProgressView {
  trialStarted(trial: TrialLabel): void;
  trialProgress(trialId: string, progress: TrainProgress, valLoss?: number): void;
  trialFinished(trialId: string, summary: string): void;
  log(line: string): void;
  stop(): void;
}

export function createProgressView(
  total: number,
  done: number,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressView {
  return stream.isTTY ? new BarsView(total, done, stream) : new LinesView(total, done, stream);
}

class BarsView implements ProgressView {
  private readonly multibar: cliProgress.MultiBar;
  private readonly overall: cliProgress.SingleBar;
  private readonly bars = new Map<string, { bar: cliProgress.SingleBar; label: string }>();
  private done: number;

  constructor(
    private readonly total: number,
    done: number,
    stream: NodeJS.WriteStream,
  ) {
    this.done = done;
    this.multibar = new cliProgress.MultiBar(
      {
        stream,
        clearOnComplete: false,
        hideCursor: true,
        format: '{label} |{bar}| {percentage}% {detail}',
        barsize: 24,
        autopadding: true,
      },
      cliProgress.Presets.shades_classic,
    );
    this.overall = this.multibar.create(total, done, { label: 'sweep'.padEnd(28), detail: `${done}/${total} trials` });
  }

  trialStarted({ trialId, label }: TrialLabel): void {
    const bar = this.multibar.create(1, 0, { label: label.padEnd(28), detail: 'starting' });
    this.bars.set(trialId, { bar, label });
  }

  trialProgress(trialId: string, progress: TrainProgress, valLoss?: number): void {
    const entry = this.bars.get(trialId);
    if (!entry) return;
    const fraction = (progress.epoch - 1 + progress.batch / progress.batches) / progress.epochs;
    entry.bar.setTotal(1000);
    entry.bar.update(Math.round(fraction * 1000), {
      detail: `epoch ${progress.epoch}/${progress.epochs}${valLoss === undefined ? '' : `  val ${valLoss.toPrecision(4)}`}`,
    });
  }

  trialFinished(trialId: string, summary: string): void {
    const entry = this.bars.get(trialId);
    if (entry) {
      this.multibar.remove(entry.bar);
      this.bars.delete(trialId);
    }
    this.done++;
    this.overall.update(this.done, { detail: `${this.done}/${this.total} trials` });
    this.multibar.log(`${summary}\n`);
  }

  log(line: string): void {
    this.multibar.log(`${line}\n`);
  }

  stop(): void {
    // multibar.log() lines are written on the next redraw: force one so the last trial's line is not lost.
    this.multibar.update();
    this.multibar.stop();
  }
}

class LinesView implements ProgressView {
  private readonly labels = new Map<string, string>();
  private done: number;

  constructor(
    private readonly total: number,
    done: number,
    private readonly stream: NodeJS.WriteStream,
  ) {
    this.done = done;
  }

  trialStarted({ trialId, label }: TrialLabel): void {
    this.labels.set(trialId, label);
    this.stream.write(`start  ${label}\n`);
  }

  trialProgress(): void {}

  trialFinished(trialId: string, summary: string): void {
    this.done++;
    this.stream.write(`[${this.done}/${this.total}] ${summary}\n`);
    this.labels.delete(trialId);
  }

  log(line: string): void {
    this.stream.write(`${line}\n`);
  }

  stop(): void {}
}
