// Public API of @cellsweep/kernels: fused whole-sequence recurrent kernels (AssemblyScript -> wasm SIMD) and their
// TensorFlow.js bindings.
export { GATE_COUNT, type FusedCellConfig, type FusedCellKind, type LstmVariant } from './cell-config.js';
export {
  InvalidKernelThreadsError,
  KernelModuleUnavailableError,
  KernelShapeError,
  KernelTapeError,
} from './errors.js';
export {
  kernelThreadedCalls,
  kernelTrialStarted,
  setKernelThreads,
} from './kernel-threads.js';
export {
  recurrentBackward,
  recurrentForward,
  type RecurrentGradients,
  type RecurrentWeights,
  type SequenceShape,
} from './fused-recurrent.js';
export { fusedRecurrentOp, type FusedOpOptions, type FusedRecurrentOp } from './fused-op.js';
export { fusedRecurrent, type FusedRecurrentArgs } from './fused-layer.js';
export { referenceBackward, referenceForward } from './reference/reference-recurrent.js';
export {
  availableKernelVariants,
  kernelVariantFor,
  resolveKernelVariant,
  type KernelVariant,
  type KernelVariantPreference,
} from './kernel-selection.js';
export { measureGemm, measureGemmPeak, measureKernelRate, recurrentFlopPerSample, type GemmPeak } from './gemm-peak.js';
