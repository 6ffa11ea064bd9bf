/**
 * Functional ANOVA of regression trees (Hutter, Hoos & Leyton-Brown 2014, "An efficient approach for assessing
 * hyperparameter importance"): a tree cuts the bounded configuration space into boxes, each with a constant
 * prediction, so its mean, its variance and the variance of its marginal over any set of features are exact finite
 * sums over those boxes. Taken under the uniform measure on the box `bounds`:
 *
 *   f0      = Σ_leaf vol(leaf) · value(leaf)                     (vol as a fraction of the whole space)
 *   V       = Σ_leaf vol(leaf) · (value(leaf) − f0)²
 *   a_S(x_S) = Σ_{leaf ∋ x_S} value(leaf) · Π_{j∉S} width_j(leaf)  (the marginal: the others averaged out)
 *   V_S     = ∫ (a_S − f0)²  over the cells that the tree's splits on S make
 *
 * Individual importance of feature i: V_i / V. Pair interaction of i and j: (V_ij − V_i − V_j) / V, the part of the
 * pair's joint variance neither explains alone. Per tree, then averaged over the forest as Optuna's fANOVA does
 * (trees that predict a constant are left out).
 */
import type { RegressionTree } from './regression-forest.js';

/** The bounds [low, high] of each feature; splits inside them cut the space. */
export type FeatureBounds = readonly (readonly [number, number])[];

/** One tree's decomposition: total variance, per-feature and per-pair marginal variances (not yet fractions). */
export interface TreeDecomposition {
  mean: number;
  variance: number;
  /** V_i: the variance of the marginal of feature i. */
  individual: number[];
  /** V_ij − V_i − V_j for i < j, keyed `${i},${j}`; only when pairs were asked for. */
  pairs: Map<string, number>;
}

interface Leaf {
  value: number;
  low: number[];
  high: number[];
}

/** The leaves of a tree as boxes inside `bounds`. */
export function treeLeaves(tree: RegressionTree, bounds: FeatureBounds): Leaf[] {
  const leaves: Leaf[] = [];
  const walk = (node: number, low: number[], high: number[]): void => {
    const feature = tree.feature[node] as number;
    if (feature < 0) {
      leaves.push({ value: tree.value[node] as number, low, high });
      return;
    }
    const threshold = tree.threshold[node] as number;
    // A threshold outside the box (possible for trees fitted elsewhere) leaves one side empty: it is skipped.
    if (threshold > (low[feature] as number)) {
      const leftHigh = [...high];
      leftHigh[feature] = Math.min(threshold, high[feature] as number);
      walk(tree.left[node] as number, low, leftHigh);
    }
    if (threshold < (high[feature] as number)) {
      const rightLow = [...low];
      rightLow[feature] = Math.max(threshold, low[feature] as number);
      walk(tree.right[node] as number, rightLow, high);
    }
  };
  walk(
    0,
    bounds.map(([low]) => low),
    bounds.map(([, high]) => high),
  );
  return leaves;
}

/** Decomposes one tree's variance over `bounds`; `pairs` adds the pair interactions (costlier: a 2-d grid each). */
export function decomposeTree(tree: RegressionTree, bounds: FeatureBounds, pairs: boolean): TreeDecomposition {
  const leaves = treeLeaves(tree, bounds);
  const featureCount = bounds.length;
  // widths[l * F + j]: leaf l's extent along feature j as a fraction of the range.
  const widths = new Float64Array(leaves.length * featureCount);
  const volumes = new Float64Array(leaves.length);
  leaves.forEach((leaf, l) => {
    let volume = 1;
    bounds.forEach(([low, high], j) => {
      const width = ((leaf.high[j] as number) - (leaf.low[j] as number)) / (high - low);
      widths[l * featureCount + j] = width;
      volume *= width;
    });
    volumes[l] = volume;
  });
  let mean = 0;
  leaves.forEach((leaf, l) => (mean += (volumes[l] as number) * leaf.value));
  let variance = 0;
  leaves.forEach((leaf, l) => (variance += (volumes[l] as number) * (leaf.value - mean) ** 2));
  const grids = bounds.map((_, j) => cellGrid(tree, bounds, j));
  const spans = grids.map((grid, j) => leaves.map((leaf) => grid.span(leaf.low[j] as number, leaf.high[j] as number)));
  // value × the widths of every feature but i and k: what one leaf adds to the marginal over {i, k} (k = i: one).
  const restWeight = (l: number, i: number, k: number): number => {
    let product = (leaves[l] as Leaf).value;
    for (let j = 0; j < featureCount; j++) if (j !== i && j !== k) product *= widths[l * featureCount + j] as number;
    return product;
  };

  const individual = bounds.map((_, i) => {
    const grid = grids[i] as CellGrid;
    const marginal = new Float64Array(grid.cellWidths.length + 1);
    for (let l = 0; l < leaves.length; l++) {
      const [from, to] = (spans[i] as [number, number][])[l] as [number, number];
      const weight = restWeight(l, i, i);
      marginal[from] = (marginal[from] as number) + weight;
      marginal[to] = (marginal[to] as number) - weight;
    }
    let running = 0;
    let sum = 0;
    grid.cellWidths.forEach((width, c) => {
      running += marginal[c] as number;
      sum += width * (running - mean) ** 2;
    });
    return sum;
  });

  const pairVariances = new Map<string, number>();
  if (pairs) {
    for (let i = 0; i < featureCount; i++) {
      for (let j = i + 1; j < featureCount; j++) {
        const cells = { rows: grids[i] as CellGrid, columns: grids[j] as CellGrid };
        const corners = { rows: spans[i] as [number, number][], columns: spans[j] as [number, number][] };
        const joint = jointVariance(cells, corners, (l) => restWeight(l, i, j), mean);
        pairVariances.set(`${i},${j}`, joint - (individual[i] as number) - (individual[j] as number));
      }
    }
  }
  return { mean, variance, individual, pairs: pairVariances };
}

interface CellGrid {
  /** Width of each cell as a fraction of the feature's range. */
  cellWidths: number[];
  /** The cells [from, to) between two edges (a leaf's low and high on this feature). */
  span(low: number, high: number): [number, number];
}

/** The cells that the tree's splits on feature j cut its range into (Optuna's split midpoints and sizes). */
function cellGrid(tree: RegressionTree, bounds: FeatureBounds, j: number): CellGrid {
  const [low, high] = bounds[j] as readonly [number, number];
  const cuts = tree.threshold.filter((t, node) => tree.feature[node] === j && t > low && t < high);
  const edges = [...new Set([low, ...cuts, high])].sort((a, b) => a - b);
  const index = new Map(edges.map((edge, k) => [edge, k]));
  return {
    cellWidths: edges.slice(1).map((edge, k) => (edge - (edges[k] as number)) / (high - low)),
    span: (from, to) => [index.get(from) as number, index.get(to) as number],
  };
}

/** ∫ (a_ij − f0)² over the product of two features' cells, with a 2-d difference array (one add per leaf corner). */
function jointVariance(
  cells: { rows: CellGrid; columns: CellGrid },
  corners: { rows: readonly [number, number][]; columns: readonly [number, number][] },
  weightOf: (leaf: number) => number,
  mean: number,
): number {
  const rows = cells.rows.cellWidths.length;
  const columns = cells.columns.cellWidths.length;
  const stride = columns + 1;
  const delta = new Float64Array((rows + 1) * stride);
  corners.rows.forEach(([r0, r1], l) => {
    const [c0, c1] = corners.columns[l] as [number, number];
    const weight = weightOf(l);
    addAt(delta, r0 * stride + c0, weight);
    addAt(delta, r0 * stride + c1, -weight);
    addAt(delta, r1 * stride + c0, -weight);
    addAt(delta, r1 * stride + c1, weight);
  });
  // Prefix sums in both directions turn the corner marks into each cell's marginal value.
  for (let r = 0; r <= rows; r++) {
    for (let c = 1; c <= columns; c++) addAt(delta, r * stride + c, delta[r * stride + c - 1] as number);
  }
  for (let r = 1; r <= rows; r++) {
    for (let c = 0; c <= columns; c++) addAt(delta, r * stride + c, delta[(r - 1) * stride + c] as number);
  }
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const rowWidth = cells.rows.cellWidths[r] as number;
    for (let c = 0; c < columns; c++) {
      sum += rowWidth * (cells.columns.cellWidths[c] as number) * ((delta[r * stride + c] as number) - mean) ** 2;
    }
  }
  return sum;
}

function addAt(array: Float64Array, index: number, amount: number): void {
  array[index] = (array[index] as number) + amount;
}

/** Mean and population sd over trees, as Optuna reports them. */
export interface ForestShare {
  mean: number;
  sd: number;
}

export interface ForestDecomposition {
  /** Per feature: V_i / V per tree, averaged over the forest. */
  individual: ForestShare[];
  /** Per pair i < j (keyed `${i},${j}`): (V_ij − V_i − V_j) / V per tree, averaged. Empty unless asked for. */
  pairs: Map<string, ForestShare>;
  /** Trees whose prediction varies: the ones averaged. */
  treesWithVariance: number;
}

/**
 * fANOVA over a forest: each tree's shares of its own variance, averaged over the trees whose prediction varies
 * (Optuna 3's `_Fanova.get_importance`: a one-leaf tree has no variance to share out). Tiny negative marginal
 * variances from rounding are clipped to 0. `treesWithVariance` 0 means nothing could be measured.
 */
export function fanova(
  trees: readonly RegressionTree[],
  bounds: FeatureBounds,
  options: { pairs?: boolean } = {},
): ForestDecomposition {
  const decompositions = trees
    .map((tree) => decomposeTree(tree, bounds, options.pairs ?? false))
    .filter((d) => d.variance > 0);
  const share = (pick: (d: TreeDecomposition) => number): ForestShare =>
    meanAndSd(decompositions.map((d) => Math.max(0, pick(d)) / d.variance));
  const individual = bounds.map((_, i) => share((d) => d.individual[i] as number));
  const pairs = new Map<string, ForestShare>();
  for (const key of decompositions[0]?.pairs.keys() ?? [])
    pairs.set(
      key,
      share((d) => d.pairs.get(key) as number),
    );
  return { individual, pairs, treesWithVariance: decompositions.length };
}

function meanAndSd(values: readonly number[]): ForestShare {
  if (values.length === 0) return { mean: 0, sd: 0 };
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return { mean, sd: Math.sqrt(variance) };
}
