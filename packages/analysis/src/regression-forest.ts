/**
 * A random-forest regressor written to match scikit-learn's `RandomForestRegressor` with the settings Optuna's
 * `FanovaImportanceEvaluator` uses (64 trees, max_depth 64, min_samples_split 2, min_samples_leaf 1, every feature
 * considered at every split, bootstrap samples): the forest whose trees fANOVA (fanova.ts) decomposes.
 *
 * Features are small non-negative integers (importance.ts gives each field's values their rank), so a node finds its
 * best split by summing targets per value (one pass) instead of sorting: the same splits, found in linear time.
 */
import { createRng, type Rng } from '@cellsweep/core';

/**
 * One fitted tree in scikit-learn's array layout (`tree_.children_left`, ...), so a tree exported from scikit-learn
 * can be decomposed by the same code. Node 0 is the root; a leaf has `feature[node] === -1`; a sample goes left when
 * `x[feature] <= threshold`.
 */
export interface RegressionTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  /** The node's prediction: the (bootstrap-weighted) mean target of its training samples. */
  value: number[];
}

export interface ForestOptions {
  /** Default 64 (Optuna's n_trees). */
  trees?: number;
  /** Default 64 (Optuna's max_depth). */
  maxDepth?: number;
  /** Default 2 (Optuna's min_samples_split). */
  minSamplesSplit?: number;
  /** Default 1 (Optuna's min_samples_leaf). */
  minSamplesLeaf?: number;
  /** Seed of the bootstrap draws and the feature order that breaks ties between equally good splits. Default 0. */
  seed?: number;
}

export const DEFAULT_FOREST = { trees: 64, maxDepth: 64, minSamplesSplit: 2, minSamplesLeaf: 1, seed: 0 } as const;

/**
 * Fits a forest to rows `x` (each a vector of non-negative integer codes) and targets `y`. Each tree sees a
 * bootstrap sample (n draws with replacement, kept as weights as scikit-learn does) and grows until its leaves are
 * pure, indivisible or at `maxDepth`.
 */
export function fitRegressionForest(
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: ForestOptions = {},
): RegressionTree[] {
  const settings = { ...DEFAULT_FOREST, ...options };
  const rng = createRng(settings.seed);
  const columns = Array.from({ length: x[0]?.length ?? 0 }, (_, f) => Float64Array.from(x, (row) => row[f] as number));
  const targets = Float64Array.from(y);
  const trees: RegressionTree[] = [];
  for (let t = 0; t < settings.trees; t++) {
    const weights = new Float64Array(y.length);
    for (let draw = 0; draw < y.length; draw++) {
      const index = rng.int(y.length);
      weights[index] = (weights[index] as number) + 1;
    }
    trees.push(fitTree(columns, targets, weights, settings, rng));
  }
  return trees;
}

type Settings = Required<ForestOptions>;

/**
 * One tree, grown depth-first as scikit-learn's DepthFirstTreeBuilder (node ids in creation order). Each feature
 * keeps its node's samples ordered by code, and a split partitions those lists stably in place: no sorting below the
 * root, no copies.
 */
function fitTree(
  columns: readonly Float64Array[],
  y: Float64Array,
  weights: Float64Array,
  settings: Settings,
  rng: Rng,
): RegressionTree {
  const tree: RegressionTree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const samples: number[] = [];
  weights.forEach((weight, index) => {
    if (weight > 0) samples.push(index);
  });
  const ordered = columns.map((column) =>
    Int32Array.from([...samples].sort((i, j) => (column[i] as number) - (column[j] as number) || i - j)),
  );
  const goesLeft = new Uint8Array(y.length);
  const scratch = new Int32Array(samples.length);
  const grow = (lists: Int32Array[], depth: number): number => {
    const node = tree.value.length;
    const members = lists[0] ?? Int32Array.from(samples);
    let weightSum = 0;
    let sum = 0;
    for (const i of members) {
      weightSum += weights[i] as number;
      sum += (weights[i] as number) * (y[i] as number);
    }
    tree.feature.push(-1);
    tree.threshold.push(-2);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(sum / weightSum);
    if (depth >= settings.maxDepth || members.length < settings.minSamplesSplit || isConstant(members, y)) return node;
    const split = bestSplit(lists, columns, y, weights, settings.minSamplesLeaf, rng);
    if (split === null) return node;
    let leftCount = 0;
    for (const i of members) {
      goesLeft[i] = ((columns[split.feature] as Float64Array)[i] as number) <= split.threshold ? 1 : 0;
      leftCount += goesLeft[i] as number;
    }
    const [leftLists, rightLists] = partition(lists, goesLeft, leftCount, scratch);
    tree.feature[node] = split.feature;
    tree.threshold[node] = split.threshold;
    tree.left[node] = grow(leftLists, depth + 1);
    tree.right[node] = grow(rightLists, depth + 1);
    return node;
  };
  grow(ordered, 0);
  return tree;
}

/**
 * Splits every feature's ordered list into its left and right parts in place, keeping the order (through one
 * scratch buffer), and returns views of the two parts: a node's lists are windows of the root's, never copies.
 */
function partition(
  lists: readonly Int32Array[],
  goesLeft: Uint8Array,
  leftCount: number,
  scratch: Int32Array,
): [Int32Array[], Int32Array[]] {
  for (const list of lists) {
    let l = 0;
    let r = leftCount;
    for (let k = 0; k < list.length; k++) {
      const i = list[k] as number;
      if (goesLeft[i] === 1) scratch[l++] = i;
      else scratch[r++] = i;
    }
    list.set(scratch.subarray(0, list.length));
  }
  return [lists.map((list) => list.subarray(0, leftCount)), lists.map((list) => list.subarray(leftCount))];
}

function isConstant(members: Int32Array, y: Float64Array): boolean {
  const first = y[members[0] as number] as number;
  for (const i of members) if (y[i] !== first) return false;
  return true;
}

/**
 * The split with the largest drop in weighted squared error: maximises sumL²/wL + sumR²/wR (scikit-learn's proxy
 * improvement). Features are tried in a fresh random order and only a strictly better split replaces the best, so
 * ties go to a random feature as in scikit-learn. The threshold is the midpoint of the two neighbouring codes.
 */
function bestSplit(
  lists: readonly Int32Array[],
  columns: readonly Float64Array[],
  y: Float64Array,
  weights: Float64Array,
  minSamplesLeaf: number,
  rng: Rng,
): { feature: number; threshold: number } | null {
  let best: { feature: number; threshold: number; score: number } | null = null;
  const order = rng.shuffle(Array.from({ length: lists.length }, (_, f) => f));
  for (const feature of order) {
    const list = lists[feature] as Int32Array;
    const column = columns[feature] as Float64Array;
    let totalWeight = 0;
    let totalSum = 0;
    for (const i of list) {
      totalWeight += weights[i] as number;
      totalSum += (weights[i] as number) * (y[i] as number);
    }
    let leftWeight = 0;
    let leftSum = 0;
    for (let k = 0; k < list.length - 1; k++) {
      const i = list[k] as number;
      leftWeight += weights[i] as number;
      leftSum += (weights[i] as number) * (y[i] as number);
      const code = column[i] as number;
      const nextCode = column[list[k + 1] as number] as number;
      // Only between two different codes, with enough samples on each side.
      if (code === nextCode || k + 1 < minSamplesLeaf || list.length - k - 1 < minSamplesLeaf) continue;
      const rightWeight = totalWeight - leftWeight;
      const rightSum = totalSum - leftSum;
      const score = (leftSum * leftSum) / leftWeight + (rightSum * rightSum) / rightWeight;
      if (best === null || score > best.score) best = { feature, threshold: (code + nextCode) / 2, score };
    }
  }
  return best === null ? null : { feature: best.feature, threshold: best.threshold };
}
