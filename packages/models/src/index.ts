// Public API of @cellsweep/models: everything of ./sizing (shapes, closed-form counts, the budget solver; no tfjs)
// plus the tfjs builder and its layers.
export * from './sizing.js';
export { buildModel } from './build-model.js';
export { fusedKernelBuild } from './fused-support.js';
export { CausalSelfAttention, LastStep, PositionalEncodingLayer } from './transformer-layers.js';
