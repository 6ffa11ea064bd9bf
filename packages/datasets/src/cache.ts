// @cellsweep/datasets/cache: the machine's dataset cache folder (leases, use marks, pruning), without the readers,
// corpora and their dependencies, for processes that only manage the folder (a worker's main thread, the CLI).
export { leaseCacheFile, pruneDatasetCache, type CacheLease, type PruneResult } from './files/cache-prune.js';
export { holderTag } from './files/cache-holder.js';
export { markUsed } from './files/parsed-cache.js';
export { sha256File } from './files/hashed-stream.js';
