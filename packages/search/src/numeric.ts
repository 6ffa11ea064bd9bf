/**
 * The internal scale numeric parameters are sampled and modelled on. Log domains live in log space; int domains
 * widen to [low − 0.5, high + 0.5] so that rounding gives every integer, the end points included, an equal-width
 * cell (Optuna does the same for IntDistribution). Values come back by exp, round and clamp.
 */
import type { Domain } from './types.js';

export type NumericDomain = Extract<Domain, { kind: 'int' | 'float' }>;

/** Bounds of the internal scale: log-transformed if `log`, widened by half a step if int. */
export function internalBounds(domain: NumericDomain): [number, number] {
  const widen = domain.kind === 'int' ? 0.5 : 0;
  const low = domain.low - widen;
  const high = domain.high + widen;
  return domain.log === true ? [Math.log(low), Math.log(high)] : [low, high];
}

/** A domain value on the internal scale. */
export function toInternal(domain: NumericDomain, value: number): number {
  return domain.log === true ? Math.log(value) : value;
}

/** An internal-scale point back to a legal value: exp if log, rounded if int, clamped to the inclusive bounds. */
export function fromInternal(domain: NumericDomain, x: number): number {
  const raw = domain.log === true ? Math.exp(x) : x;
  const value = domain.kind === 'int' ? Math.round(raw) : raw;
  return Math.min(domain.high, Math.max(domain.low, value));
}

/**
 * The internal-scale cell an int value owns ([v − 0.5, v + 0.5], log-transformed if `log`); TPE scores ints by the
 * probability mass of this cell rather than a density at one point.
 */
export function intCell(domain: NumericDomain, value: number): [number, number] {
  return domain.log === true ? [Math.log(value - 0.5), Math.log(value + 0.5)] : [value - 0.5, value + 0.5];
}
