// Public API of @cellsweep/models: everything of ./sizing (shapes, closed-form counts, the budget solver; no tfjs)
// plus the tfjs builder and its layers.
export * from './sizing.js';
export { buildModel } from './build-model.js';
export { fusedKernelBuild } from './fused-support.js';
// The native kernels' intra-trial threads: the trainer marks a trial running (the thread count divides the cores
// between those), its tests fix the count; it imports no kernels itself.
export { kernelThreadedCalls, kernelTrialStarted, setKernelThreads } from '@cellsweep/kernels';
export { CausalSelfAttention, LastStep, PositionalEncodingLayer } from './transformer-layers.js';
