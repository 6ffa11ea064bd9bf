/**
 * `cellsweep bench`: samples/s of one training step per cell × implementation (fused kernels, tfjs layers) on each
 * available backend (or the one asked for), with the fused/layers ratio from the same run. The full grid against
 * PyTorch is `npm run bench`.
 */
import { BACKENDS, RecurrentImplementation, type BackendPreference, type CellKind } from '@cellsweep/core';
import { measureThroughput, selectBackend } from '@cellsweep/trainer';
import { renderTable } from '../output/text-table.js';

export interface BenchOptions {
  hidden: number;
  length: number;
  batches: number;
  backend?: BackendPreference;
}

/**
 * One cell per kernel: irnn runs the rnn kernel (relu instead of tanh) and the lstm-* variants the lstm's, at the
 * same cost or less (docs/cells.md), so measuring each of them would only lengthen the run.
 */
const BENCH_CELLS: readonly CellKind[] = ['rnn', 'lstm', 'gru', 'transformer'];

export async function benchCommand(options: BenchOptions): Promise<number> {
  const backends: readonly BackendPreference[] = options.backend ? [options.backend] : BACKENDS;
  const rows: {
    cell: string;
    backend: string;
    implementation: string;
    params: number;
    samplesPerSec: number;
    msPerBatch: number;
  }[] = [];
  process.stderr.write(
    `bench: 1 layer, H=${options.hidden}, T=${options.length}, I=8, batch 64, Adam, ${options.batches} timed batches\n`,
  );
  for (const preference of backends) {
    let backend: string;
    try {
      backend = await selectBackend(preference);
    } catch (error) {
      process.stderr.write(
        `  ${preference}: skipped (${error instanceof Error ? error.message.split(':').slice(-1)[0]?.trim() : error})\n`,
      );
      continue;
    }
    // The pure-JS cpu backend is ~7x slower; fewer batches keep the run short without changing the rate much.
    const batches = backend === 'cpu' ? Math.max(2, Math.ceil(options.batches / 4)) : options.batches;
    for (const cell of BENCH_CELLS) {
      // The transformer has no recurrent layers: `implementation` does not apply, so it is measured once.
      const implementations = cell === 'transformer' ? (['layers'] as const) : RecurrentImplementation.options;
      for (const implementation of implementations) {
        const result = await measureThroughput({
          cell,
          hidden: options.hidden,
          sequenceLength: options.length,
          batches,
          implementation,
        });
        rows.push({
          cell,
          backend,
          implementation,
          params: result.paramCount,
          samplesPerSec: result.samplesPerSec,
          msPerBatch: result.msPerBatch,
        });
        process.stderr.write(
          `  ${cell} ${implementation} on ${backend}: ${Math.round(result.samplesPerSec)} samples/s\n`,
        );
      }
    }
  }
  const rate = (cell: string, backend: string, implementation: string): number | undefined =>
    rows.find((row) => row.cell === cell && row.backend === backend && row.implementation === implementation)
      ?.samplesPerSec;
  process.stdout.write(
    `${renderTable(
      [
        { header: 'cell', value: (r) => r.cell },
        { header: 'backend', value: (r) => r.backend },
        { header: 'implementation', value: (r) => r.implementation },
        { header: 'params', value: (r) => r.params },
        { header: 'samples/s', value: (r) => Math.round(r.samplesPerSec) },
        { header: 'ms/batch', value: (r) => r.msPerBatch },
        {
          header: 'vs layers',
          value: (r) => {
            const layers = rate(r.cell, r.backend, 'layers');
            return layers ? `${(r.samplesPerSec / layers).toFixed(1)}x` : null;
          },
          align: 'right',
        },
      ],
      rows,
    )}\n`,
  );
  return 0;
}
