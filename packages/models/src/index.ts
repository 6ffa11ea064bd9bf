// Public API of @cellsweep/models: model shapes, closed-form parameter counts, the budget solver and the tfjs builder.
export type { CellKind, HeadSpec, ModelBuildSpec, ModelShape, RecurrentActivation, RecurrentImplementation } from './model-shape.js';
export { paramCount, recurrentParamCount } from './param-count.js';
export { solveHiddenForBudget } from './solve-hidden.js';
export type { SolveHiddenOptions, SolvedHidden } from './solve-hidden.js';
export { buildModel, HEAD_LAYER_NAME, INPUT_LAYER_NAME, recurrentLayerName } from './build-model.js';
export { describeModel } from './describe-model.js';
export { BudgetUnreachableError, InvalidBudgetError, InvalidModelShapeError } from './errors.js';
