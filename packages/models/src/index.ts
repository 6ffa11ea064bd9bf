// Public API of @cellsweep/models: model shapes, closed-form parameter counts, the budget solver and the tfjs builder.
export type {
  CellKind,
  HeadSpec,
  ModelBuildSpec,
  ModelShape,
  PositionalEncodingKind,
  RecurrentActivation,
  RecurrentCellKind,
  RecurrentImplementation,
  TransformerOptions,
} from './model-shape.js';
export { DEFAULT_TRANSFORMER_OPTIONS } from './model-shape.js';
export { paramCount, recurrentParamCount, transformerBlockParamCount } from './param-count.js';
export { solveHiddenForBudget } from './solve-hidden.js';
export type { SolveHiddenOptions, SolvedHidden } from './solve-hidden.js';
export { buildModel, HEAD_LAYER_NAME, INPUT_LAYER_NAME, recurrentLayerName } from './build-model.js';
export { TRANSFORMER_LAYER_NAMES, transformerBlockLayerNames } from './build-transformer.js';
export { CausalSelfAttention, LastStep, PositionalEncoding } from './transformer-layers.js';
export { describeModel } from './describe-model.js';
export { BudgetUnreachableError, InvalidBudgetError, InvalidModelShapeError } from './errors.js';
