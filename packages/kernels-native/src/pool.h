/* Intra-trial threads: a small pthread pool per JavaScript thread (one per trial thread), used by the kernels to
 * split one call's outputs between threads. Every split gives each output element to exactly one thread, which
 * computes it with the same summation order as one thread would, so results are bit-identical for any thread
 * count (no per-thread partial sums). How many threads a call uses follows the cores and the trials running in
 * this process (pool.c, par_threads), so a sweep that already has a trial on every core adds no threads. */
#ifndef CELLSWEEP_POOL_H
#define CELLSWEEP_POOL_H

typedef void (*par_fn)(void *ctx, int tid, int nth);
typedef struct pool pool;

/* Runs fn(ctx, tid, nth) for tid in [0, nth) on the calling thread's pool (the caller runs tid 0) and returns when
 * all have finished. nth <= 1, or no pool: fn(ctx, 0, 1) on the caller. */
void par_run(int nth, par_fn fn, void *ctx);
/* How many threads a call worth `flops` should use now, at most `units` (its smallest indivisible pieces). */
int par_threads(double flops, int units);

/* For addon.c: one pool per JavaScript thread, created with the env, made current before every kernel call. */
pool *pool_create(void);
void pool_destroy(pool *p);
void pool_make_current(pool *p);
/* 0: auto (cores / running trials); n > 0: exactly n (capped at POOL_MAX_THREADS). */
void pool_set_limit(pool *p, int limit);
/* Marks this JavaScript thread as running a trial (or not): auto divides the cores between those running. */
void pool_set_trial_running(pool *p, int running);
void pool_set_cores(int cores);
/* How many calls of this JavaScript thread have run on more than one thread. */
double pool_threaded_calls(pool *p);
#define POOL_MAX_THREADS 64

#endif
