// @cellsweep/models/sizing: shapes, closed-form parameter counts and the budget solver, with no tfjs. Planning a
// sweep (the scheduler, the search driver, `cellsweep plan`) sizes every trial through this entry and never loads
// TensorFlow; `@cellsweep/models` adds the tfjs builder on top.
export type {
  BuiltInCellKind,
  CellKind,
  HeadSpec,
  ModelBuildSpec,
  ModelShape,
  PositionalEncodingKind,
  RecurrentActivation,
  RecurrentCellKind,
  RecurrentImplementation,
  ReadOut,
  TransformerOptions,
} from './model-shape.js';
export { modelShape, type ShapeConfig } from './trial-model-shape.js';
export { paramCount, recurrentParamCount, transformerBlockParamCount } from './param-count.js';
export { solveHiddenForBudget } from './solve-hidden.js';
export type { SolveHiddenOptions, SolvedHidden } from './solve-hidden.js';
export { describeModel } from './describe-model.js';
export {
  BudgetUnreachableError,
  CELL_PLUGINS_ENV,
  InvalidBudgetError,
  InvalidCellPluginError,
  InvalidModelShapeError,
  ParamCountMismatchError,
  UnknownCellPluginError,
} from './errors.js';
// Plugin cells: their interface, the registry every count and build resolves `plugin:<name>` in, and the loader of
// the operator's modules. No tfjs here either: a plugin gets tfjs from `buildModel` when a layer is built.
export {
  isPluginCell,
  PLUGIN_NAME_PATTERN,
  pluginNameOf,
  type CellPlugin,
  type PluginBudgetShape,
  type PluginCellName,
  type PluginLayerOptions,
} from './cell-plugin.js';
export { assertCellsAvailable, cellPlugin, loadedCellPluginNames, registerCellPlugin } from './plugin-registry.js';
export { loadCellPlugins } from './load-cell-plugins.js';
