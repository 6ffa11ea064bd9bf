/** Page-size limits of the API: big enough for any screen, small enough that no request can ask for a whole table. */
export const SWEEP_PAGE = { default: 50, max: 200 } as const;
export const TRIAL_PAGE = { default: 100, max: 1_000 } as const;
export const EPOCH_PAGE = { default: 500, max: 5_000 } as const;
/** CSV/JSON export of a table view: the whole filtered table, up to this many rows (a 10,000-trial sweep fits). */
export const EXPORT_MAX_ROWS = 20_000;
/** Learning curves: epoch buckets per cell for the sweep-wide bands, points per trial for overlaid curves. */
export const CURVE_BUCKETS = { default: 100, max: 500 } as const;
export const CURVE_TRIALS = { default: 12, max: 50 } as const;
export const CURVE_POINTS_PER_TRIAL = 200;
/** Gradient-reach curves: trials drawn (each one epoch row of T norms). */
export const GRADIENT_TRIALS = { default: 24, max: 50 } as const;
/** Hyperparameter filters per request, and how deep a config path may go. */
export const MAX_CONFIG_FILTERS = 8;
export const MAX_CONFIG_PATH_DEPTH = 5;
/** The live view: how often each open stream asks the database whether anything changed, and how much it sends. */
export const LIVE_POLL_MS = 1_000;
export const LIVE_MAX_CHANGES = 1_000;
/** Rows updated within this window before the cursor are re-read, so a write that committed late is not missed. */
export const LIVE_OVERLAP_MS = 2_000;
export const LIVE_HEARTBEAT_MS = 15_000;
/** A scatter draws every trial up to this many; above it, a sample of this size (sweep-points.ts). */
export const SCATTER_MAX_POINTS = 5_000;
