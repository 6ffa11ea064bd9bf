/**
 * How a chart places its values so that they can be read: a log loss axis when the losses span more than two
 * decades (test losses of 3e-4 next to 0.17 would otherwise sit on top of each other at 0), and a strip per cell
 * when every trial has the same size (one column of points at one x tells nothing apart).
 */

/** The user's choice of loss axis; `auto` picks log when the values span more than `LOG_DECADES` decades. */
export type YScale = 'auto' | 'linear' | 'log';

export const LOG_DECADES = 2;

/** Whether a loss axis should be logarithmic: asked for, or `auto` and positive values spanning > 2 decades. */
export function useLogScale(values: readonly number[], choice: YScale): boolean {
  if (choice !== 'auto') return choice === 'log' && values.every((value) => value > 0);
  const positive = values.filter((value) => value > 0);
  if (positive.length < 2 || positive.length < values.length) return false;
  return Math.log10(Math.max(...positive) / Math.min(...positive)) > LOG_DECADES;
}

/**
 * Sizes "coincide" when the largest parameter count is within 25% of the smallest: trials sized from one budget
 * differ only by the width solver's rounding (4,954 / 5,038 / 5,067 for a 5,000 budget).
 */
export function sizesCoincide(paramCounts: readonly number[]): boolean {
  if (paramCounts.length === 0) return false;
  return Math.max(...paramCounts) / Math.min(...paramCounts) < 1.25;
}

/** A trial's place within its cell's strip: spread by seed, deterministic, so redraws do not move points. */
export function stripOffset(seed: number): number {
  return (((((seed * 37) % 11) + 11) % 11) / 10) * 0.36 - 0.18;
}

/**
 * On a log parameter axis, cells that share a size are set side by side: each cell's x is multiplied by a small
 * factor (a fixed fraction of the axis's decades), so the columns of one budget no longer overlap.
 */
export function dodgeFactor(cellIndex: number, cells: number, paramCounts: readonly number[]): number {
  if (cells < 2 || paramCounts.length === 0) return 1;
  const decades = Math.max(1, Math.log10(Math.max(...paramCounts) / Math.min(...paramCounts)));
  return 10 ** (decades * 0.02 * (cellIndex - (cells - 1) / 2));
}

/** A loss axis label (analysis's, shared with the HTML report). */
export { axisNumber } from '@cellsweep/analysis/axis-number';
