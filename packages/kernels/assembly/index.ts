// The wasm module's exports: whole-sequence forward and backward passes for each cell, plus the matrix product and
// layout helpers the TypeScript driver (src/fused-recurrent.ts) sequences around them. All pointers are byte offsets
// into this module's memory, which the driver lays out.
export { gemm, gemmBias, gemmPacked, gemmPackedTransposedA, gemmTransposedA, packPanels } from './gemm';
export { lstmForward, lstmBackward } from './lstm';
export { lstmVariantForward, lstmVariantBackward } from './lstm-variant';
export { gruForward, gruBackward } from './gru';
export { rnnForward, rnnBackward } from './rnn';
export { columnSums, padGateColumns, toBatchMajor, toTimeMajor, transpose, unpadGateColumns } from './layout';

/** First free byte after the module's static data: the driver's arena starts here. */
export function heapBase(): usize {
  return __heap_base;
}
