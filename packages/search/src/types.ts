/**
 * The vocabulary of @cellsweep/search.
 *
 * - **search space**: the parameters a sweep may vary, each with a domain and optionally a condition (`when`).
 * - **suggestion k**: the k-th configuration a sweep asks for (k = 0, 1, 2, ...). It is a pure function of
 *   (space, sweep seed, k, and the observations the caller hands in), never of wall-clock time or arrival order.
 * - **observation**: a finished trial as a searcher sees it: its suggestion index, its parameters and one number,
 *   the validation value, lower is better. A failed trial is an observation with value = Infinity.
 * - **rung** (ASHA): an epoch count at which a trial's validation value is compared with its peers' to decide
 *   whether it trains on (is promoted) or stops.
 */

/** One parameter value. `null` is a legitimate categorical choice ("no dropout", "default"). */
export type ParamValue = string | number | boolean | null;

/** The values a parameter may take. Numeric bounds are inclusive; `log` samples uniformly in log space. */
export type Domain =
  | { kind: 'int'; low: number; high: number; log?: boolean }
  | { kind: 'float'; low: number; high: number; log?: boolean }
  | { kind: 'categorical'; choices: readonly ParamValue[] };

/** A parameter; `when` makes it conditional: active only when another parameter's value is one of `equals`. */
export interface ParamSpec {
  name: string;
  domain: Domain;
  when?: { param: string; equals: readonly ParamValue[] };
}

export type SearchSpace = readonly ParamSpec[];

/** One configuration. Inactive conditional parameters are absent (not `null`: `null` may be a real choice). */
export type Params = Record<string, ParamValue>;

/**
 * A finished trial as the searcher sees it: validation value only, lower is better; failed trials have
 * value = Infinity.
 */
export interface Observation {
  index: number;
  params: Params;
  value: number;
  /**
   * Optional: the budget `value` was measured at (epochs, or the ASHA rung), when trials stop at different budgets.
   * Values at different budgets do not compare, so TPE ranks a larger budget first, then the value: Optuna's
   * treatment of pruned trials. Omitted counts as the largest budget; give it for all observations or for none.
   */
  budget?: number;
}
