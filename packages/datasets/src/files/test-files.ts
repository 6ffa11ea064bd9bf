/** Test helpers: small data files written to a fresh temporary folder in each layout (not exported). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, FileTask, type SweepSpec } from '@cellsweep/core';

export interface Sequences {
  /** `[n][t][i]` */
  x: number[][][];
  y: (string | number)[];
  split?: string[];
}

/** `count` sequences of `steps` × `features` seeded values (2 decimals), label = class of the first value's sign. */
export function makeSequences(count: number, steps: number, features: number, seed = 1): Sequences {
  const rng = createRng(seed);
  const round = (value: number): number => Math.round(value * 100) / 100;
  const x = Array.from({ length: count }, () =>
    Array.from({ length: steps }, () => Array.from({ length: features }, () => round(rng.normal() * 3 + 5))),
  );
  const y = x.map((sequence, n) => (n % 3 === 0 ? 'c' : (sequence[0]?.[0] ?? 0) > 5 ? 'a' : 'b'));
  return { x, y };
}

/** `makeSequences`, each cut to a seeded length from `minSteps` to `steps` (the first keeps all `steps`). */
export function makeRaggedSequences(
  count: number,
  minSteps: number,
  steps: number,
  features: number,
  seed = 1,
): Sequences {
  const data = makeSequences(count, steps, features, seed);
  const rng = createRng(seed + 1);
  const cut = (sequence: number[][]) => sequence.slice(0, minSteps + rng.int(steps - minSteps + 1));
  const x = data.x.map((sequence, n) => (n === 0 ? sequence : cut(sequence)));
  return { ...data, x };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cellsweep-data-'));
}

/** One row per sequence; a shorter one leaves its trailing steps' cells empty. */
export function wideCsv(data: Sequences): string {
  const steps = Math.max(...data.x.map((sequence) => sequence.length));
  const features = data.x[0]?.[0]?.length ?? 0;
  const header = [
    ...Array.from({ length: steps * features }, (_, i) => `v${i}`),
    'y',
    ...(data.split ? ['split'] : []),
  ];
  const rows = data.x.map((sequence, n) => {
    const empty = new Array<string>((steps - sequence.length) * features).fill('');
    return [...sequence.flat(), ...empty, data.y[n], ...(data.split ? [data.split[n]] : [])].join(',');
  });
  return `${header.join(',')}\n${rows.join('\n')}\n`;
}

/**
 * Long layout with each sequence's steps in a seeded random order (the step column orders them), and the last row
 * of every sequence moved to the end of the file (rows of a sequence need not be adjacent). Sequences keep the
 * order of their first rows, which is the order a long file's sequences are read in.
 */
export function longCsv(data: Sequences, seed = 7): string {
  const features = data.x[0]?.[0]?.length ?? 0;
  const rng = createRng(seed);
  const rows: string[] = [];
  const stragglers: string[] = [];
  data.x.forEach((sequence, n) => {
    const lines = sequence.map((step, t) =>
      [`s${n}`, t, ...step, data.y[n], ...(data.split ? [data.split[n]] : [])].join(','),
    );
    rng.shuffle(lines);
    stragglers.push(lines.pop() as string);
    rows.push(...lines);
  });
  rows.push(...stragglers);
  const header = [
    'sequence',
    'step',
    ...Array.from({ length: features }, (_, i) => `f${i}`),
    'y',
    ...(data.split ? ['split'] : []),
  ];
  return `${header.join(',')}\n${rows.join('\n')}\n`;
}

export function jsonLines(data: Sequences): string {
  return `${data.x
    .map((x, n) => JSON.stringify({ x, y: data.y[n], ...(data.split ? { split: data.split[n] } : {}) }))
    .join('\n')}\n`;
}

/** Writes `text` as `name` in `dir`; returns the path. */
export function writeData(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export function fileTask(options: Record<string, unknown>): FileTask {
  return FileTask.parse({ dataset: 'file', kind: 'classification', ...options });
}

/** A minimal spec around one file task (for planning tests). */
export function specWith(task: Record<string, unknown>, extra: Partial<SweepSpec> = {}): Record<string, unknown> {
  return {
    name: 'own',
    task: { dataset: 'file', kind: 'classification', ...task },
    cells: ['rnn', 'gru'],
    hidden: 4,
    ...extra,
  };
}
