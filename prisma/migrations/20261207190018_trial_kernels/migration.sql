-- The fused kernel build that trained a trial's completed attempt (issue 18): `native-avx2` or `native-scalar`
-- (@cellsweep/kernels-native), `relaxed` or `simd` (wasm). NULL for models without fused layers, simulated trials,
-- and trials completed before it existed.
-- AlterTable
ALTER TABLE "trials" ADD COLUMN     "kernels" TEXT;
