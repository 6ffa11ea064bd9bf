/**
 * @cellsweep/planner: a validated spec becomes the trial rows a store inserts (widths solved from budgets, closed-form
 * parameter counts, content keys and ids) before anything trains. It loads no tfjs (models' `./sizing` entry), so
 * the scheduler, the search driver and `cellsweep plan` expand a spec without TensorFlow (apps/cli's planning.loads-no-tfjs.test.ts).
 */
export { planConfigs, planTrials, trialId, trialRows, type PlannedTrial } from './plan.js';
// Plugin cells (docs/own-data.md#plugin-cells): planning a `plugin:<name>` cell needs its module loaded first.
export { assertCellsAvailable, isPluginCell, loadCellPlugins, UnknownCellPluginError } from '@cellsweep/models/sizing';
