/**
 * @cellsweep/analysis: pure statistics over plain trial rows (no database, no tensors, no I/O). Every method is
 * written out here so it can be checked against hand-worked numbers; see each function's TSDoc for its source.
 */
export {
  analyzeOptionsFor,
  analyzeRecords,
  describeRecords,
  type RecordAnalysisOptions,
} from './analyze-records.js';
export { analyzeSweep, describeSweep, type SweepAnalysis, type SweepDescription } from './analyze-sweep.js';
export { bootstrapCi, bootstrapMeanCi, type BootstrapOptions, type BootstrapResult } from './bootstrap.js';
export { bitsPerParameter, memorizedBits, mutualInformationBits, type MemorizationInput } from './capacity.js';
export { extent, mean, median, quantile, sampleSd } from './describe.js';
export { cohensDz, rankBiserial } from './effect-size.js';
export { AnalysisArgumentError, DuplicateTrialError } from './errors.js';
export { taskLabel, trialRowFromRecord, type TrialRecordLike } from './from-record.js';
export {
  describeGradientSlopes,
  slopeRegime,
  type GradientSlopeStats,
  type GradientSlopeSummary,
  type SlopeRegime,
} from './gradient-slopes.js';
// The per-trial definition lives in core (the trainer stores it); re-exported so apps need not depend on core for it.
export { gradientRegime, gradientSlope, STABLE_SLOPE_PER_STEP, type GradientRegime } from '@cellsweep/core';
export { decomposeTree, fanova, type FeatureBounds, type ForestDecomposition, type ForestShare } from './fanova.js';
export {
  hyperparameterImportance,
  MAX_IMPORTANCE_TRIALS,
  type FieldImportance,
  type HyperparameterImportance,
  type ImportanceOptions,
  type PairInteraction,
} from './importance.js';
export { DEFAULT_FOREST, fitRegressionForest, type ForestOptions, type RegressionTree } from './regression-forest.js';
export { holmAdjust } from './holm.js';
export {
  intervalCaution,
  sampleSkewness,
  studentTMeanCi,
} from './mean-interval.js';
export { normalCdf, normalQuantile, normalTail } from './normal.js';
export {
  comparePaired,
  decideComparisons,
  pairedTest,
  type Pair,
  type PairedComparison,
  type PairedTest,
  type PairedTestName,
  type PairedTestOptions,
} from './paired.js';
export { paretoFrontier, type FrontierPoint } from './pareto.js';
export { midranks } from './ranks.js';
export {
  adviseSeeds,
  holmAdjustedAmong,
  minSeedsForAlpha,
  seedsForPower,
  seedsForTestPower,
  type PowerMethod,
  type SeedsAdvice,
} from './seeds-needed.js';
export { wilcoxonPower, wilcoxonRejectionRegion } from './wilcoxon-power.js';
export { signFlipTest, type SignFlipOptions, type SignFlipResult } from './sign-flip.js';
export { spearman } from './spearman.js';
export { summarise, type IntervalOptions } from './summarise.js';
export { studentTCdf, studentTQuantile } from './student-t.js';
export type { CellComparison } from './sweep-comparisons.js';
export { settingNames } from './setting-names.js';
export { groupVerdicts, type GroupedVerdicts, type VerdictSection } from './verdict-sections.js';
export type { AnalyzeOptions, ResolvedOptions } from './sweep-context.js';
export type { Frontier, FrontierEntry } from './sweep-frontiers.js';
export type { GroupStats } from './sweep-groups.js';
export type { SeriesTrend } from './sweep-trends.js';
export { theilSen, theilSenSlope, type TheilSenFit } from './theil-sen.js';
export {
  describeTrend,
  parameterTrend,
  type ParameterTrend,
  type SizeMean,
  type TrendDirection,
  type TrendPoint,
} from './trend.js';
export type { CiMethod, Interval, MetricKey, MetricSummary, Scalar, Setting, SizeKey, TrialRow } from './types.js';
export { wilcoxonSignedRank, type WilcoxonResult } from './wilcoxon.js';
