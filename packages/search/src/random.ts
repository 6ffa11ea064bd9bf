/**
 * Random search: every parameter drawn independently and uniformly (log-uniformly for `log` domains).
 *
 * Each (seed, index, parameter) gets its own stream from core's deriveSeed, so suggestion k is a pure function of
 * (space, seed, k): the same sweep seed replays the same configurations on any machine, in any order, after any
 * crash. Because the stream is per parameter, adding a parameter to a space does not change the values drawn for
 * the others.
 */
import { createRng, deriveSeed, type Rng } from '@cellsweep/core';
import { fromInternal, internalBounds } from './numeric.js';
import { checkSeedAndIndex, isActive, orderSpace } from './space.js';
import type { Domain, ParamValue, Params, SearchSpace } from './types.js';

/**
 * Suggestion `index` of a random search over `space` with sweep seed `seed`. Pure in (space, seed, index).
 * Conditional parameters are drawn only when active, parents first; inactive ones are absent from the result.
 * Throws SearchSpaceError for an invalid space.
 */
export function sampleRandom(space: SearchSpace, seed: number, index: number): Params {
  checkSeedAndIndex(seed, index);
  const params: Params = {};
  for (const spec of orderSpace(space)) {
    if (!isActive(spec, params)) continue;
    params[spec.name] = sampleUniform(spec.domain, parameterRng(seed, index, spec.name, 'random'));
  }
  return params;
}

/** The stream for one parameter of one suggestion; `purpose` keeps samplers' streams apart. */
export function parameterRng(seed: number, index: number, name: string, purpose: string): Rng {
  return createRng(deriveSeed(seed, `search/${purpose}/${index}/${name}`));
}

/** One uniform draw from a domain (log-uniform on log domains; every int, end points included, equally likely). */
export function sampleUniform(domain: Domain, rng: Rng): ParamValue {
  if (domain.kind === 'categorical') return domain.choices[rng.int(domain.choices.length)] as ParamValue;
  const [low, high] = internalBounds(domain);
  return fromInternal(domain, low + rng.next() * (high - low));
}
