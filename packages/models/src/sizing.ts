// @cellsweep/models/sizing: shapes, closed-form parameter counts and the budget solver, with no tfjs. Planning a
// sweep (the scheduler, the search driver, `cellsweep plan`) sizes every trial through this entry and never loads
// TensorFlow; `@cellsweep/models` adds the tfjs builder on top.
export type {
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
export { BudgetUnreachableError, InvalidBudgetError, InvalidModelShapeError } from './errors.js';
