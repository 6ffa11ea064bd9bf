/**
 * Pareto frontier of (parameters, loss): the models for which no other model is at least as small *and* at least
 * as good, and strictly one of the two. It answers "what is the best loss money (parameters) can buy" without
 * choosing an exchange rate between size and loss.
 */

/** A point to place on the frontier; `id` (a trial id or group key) is carried through for the reader. */
export interface FrontierPoint {
  id: string;
  paramCount: number;
  loss: number;
}

/**
 * Non-dominated points in ascending paramCount (ties: ascending loss, then id). q dominates p when
 * q.paramCount ≤ p.paramCount and q.loss ≤ p.loss with at least one strict. So exact duplicates do not dominate each
 * other and both stay; a point with equal loss but more parameters, or equal parameters but higher loss, goes.
 * Points with a non-finite loss are ignored. O(n log n): sort, then sweep keeping the best loss of smaller models.
 */
export function paretoFrontier<P extends FrontierPoint>(points: readonly P[]): P[] {
  const sorted = points
    .filter((point) => Number.isFinite(point.loss) && Number.isFinite(point.paramCount))
    .sort((p, q) => p.paramCount - q.paramCount || p.loss - q.loss || compareIds(p.id, q.id));
  const frontier: P[] = [];
  let bestSmaller = Infinity; // best loss among points with strictly fewer parameters
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    while (end < sorted.length && sorted[end]?.paramCount === sorted[start]?.paramCount) end++;
    // Within one paramCount, only the lowest loss survives (ties included); and only if it beats every smaller model.
    const lowest = (sorted[start] as P).loss;
    if (lowest < bestSmaller) {
      for (let k = start; k < end && (sorted[k] as P).loss === lowest; k++) frontier.push(sorted[k] as P);
      bestSmaller = lowest;
    }
    start = end;
  }
  return frontier;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
