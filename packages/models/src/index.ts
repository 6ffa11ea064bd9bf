// Public API of @cellsweep/models: everything of ./sizing (shapes, closed-form counts, the budget solver; no tfjs)
// plus the tfjs builder and its layers.
export * from './sizing.js';
export { buildModel, HEAD_LAYER_NAME, INPUT_LAYER_NAME, recurrentLayerName } from './build-model.js';
export { TRANSFORMER_LAYER_NAMES, transformerBlockLayerNames } from './build-transformer.js';
export { CausalSelfAttention, LastStep, PositionalEncoding } from './transformer-layers.js';
