/**
 * Per-weight initializer seeds derived from one model seed.
 *
 * Why hash instead of `seed + k`: with offsets, trial A's layer 1 would share its stream with trial B's layer 0
 * when B's seed is A's + 1, correlating supposedly independent trials. Hashing the weight's name also keeps a
 * layer's seed unchanged when layers are added above it.
 *
 * Why never 0: tfjs's normal sampler (used by the orthogonal initializer) treats a falsy seed as "no seed" and
 * falls back to Math.random (`seed ? seed : Math.random()` in tfjs-core's rand_util), silently breaking replay.
 */
export function weightSeed(seed: number, weightName: string): number {
  // FNV-1a over the seed's decimal digits and the name; the seed is a safe integer so its text is exact.
  let hash = 0x811c9dc5;
  for (const char of `${seed}:${weightName}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  // murmur3 finaliser: FNV's low bits mix poorly for short inputs that differ only at the end.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  // Map into [1, 2^31 - 1]: positive, nonzero, and exact as text (tfjs seeds its PRNG with seed.toString()).
  return ((hash >>> 0) % 0x7fff_ffff) + 1;
}
