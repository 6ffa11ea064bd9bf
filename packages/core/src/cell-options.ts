/**
 * Which trial-config options only some cells have: an RNN has no gates, only an LSTM (and its variants that keep
 * one) has a forget gate, only irnn an identity scale, only the transformer has heads. `normalise` (expand.ts) pins
 * such an option for the cells that lack it, so a sweep never trains the same model twice; readers use this table
 * to show a pinned value as "does not apply" rather than as a hyperparameter (it would be the cell in disguise). A
 * test holds the table and `normalise` to one another.
 */
import { CellKind } from './spec.js';

/** The LSTM and its Greff et al. variants (`lstm-*`), as the spec lists them. */
const LSTM_FAMILY: readonly CellKind[] = CellKind.options.filter((cell) => cell === 'lstm' || cell.startsWith('lstm-'));

/** Top-level config key → the cells that have it. Keys not listed apply to every cell. */
export const CELL_ONLY_OPTIONS: Readonly<Record<string, readonly CellKind[]>> = {
  recurrentActivation: [...LSTM_FAMILY, 'gru', 'ugrnn'],
  // lstm-nfg has no forget gate and lstm-cifg's is 1 − i: neither has a forget-gate bias (docs/cells.md).
  unitForgetBias: LSTM_FAMILY.filter((cell) => cell !== 'lstm-nfg' && cell !== 'lstm-cifg'),
  identityScale: ['irnn'],
  transformer: ['transformer'],
};

/** The cells a config path (`unitForgetBias`, `transformer.heads`) applies to, or null when it applies to all. */
export function cellsWithOption(path: string): readonly CellKind[] | null {
  const key = path.split('.')[0] ?? path;
  return Object.hasOwn(CELL_ONLY_OPTIONS, key) ? (CELL_ONLY_OPTIONS[key] as readonly CellKind[]) : null;
}

/** The gate options a plugin cell is handed (it decides whether to use them, so `normalise` pins neither). */
const PLUGIN_CELL_OPTIONS: ReadonlySet<string> = new Set(['recurrentActivation', 'unitForgetBias']);

/** Whether a config path means anything for a cell (unknown cells: every option may apply). */
export function optionAppliesTo(cell: string, path: string): boolean {
  const cells = cellsWithOption(path);
  if (cell.startsWith('plugin:')) return cells === null || PLUGIN_CELL_OPTIONS.has(path.split('.')[0] ?? path);
  return cells === null || (cells as readonly string[]).includes(cell);
}
