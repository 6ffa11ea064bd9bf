/* The pool behind pool.h. Workers are started on first need and sleep between calls: after a short spin (a kernel
 * call often follows another within microseconds) they block on a futex (Linux) or yield (other POSIX systems), so
 * an idle trial thread costs no CPU. Without pthreads (Windows builds) every call runs on the caller. */
#include "pool.h"
#include <stdlib.h>

#if defined(__unix__) || defined(__APPLE__)
#define POOL_THREADS 1
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#if defined(__linux__)
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#endif

/* Below this many flops per thread a call stays on one thread: waking a worker costs a few microseconds. */
#define MIN_FLOPS_PER_THREAD 400000.0
#define SPIN_ROUNDS 4000

#ifdef POOL_THREADS
struct pool {
  int limit;
  int running;
  int started;
  pthread_t threads[POOL_MAX_THREADS];
  _Atomic unsigned generation; /* bumped once per call handed to the workers */
  _Atomic unsigned remaining;  /* started workers that have not yet finished (or skipped) the current call */
  _Atomic int stop;
  par_fn fn;
  void *ctx;
  int nth;
  int inside; /* a call is running: a nested one stays on its thread */
  double threadedCalls; /* calls that ran on more than one thread (the tests check threads really ran) */
};

typedef struct {
  pool *p;
  int tid;
  unsigned seen; /* the generation when it was started: a call made after that is for it */
} worker_arg;

static _Atomic int running_trials;
static _Atomic int core_count = 1;
static __thread pool *current;

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/* Blocks while *word == value (after a spin). */
static void wait_while(_Atomic unsigned *word, unsigned value) {
  for (int i = 0; i < SPIN_ROUNDS; i++) {
    if (atomic_load_explicit(word, memory_order_acquire) != value) return;
    cpu_relax();
  }
  while (atomic_load_explicit(word, memory_order_acquire) == value) {
#if defined(__linux__)
    syscall(SYS_futex, (unsigned *)word, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
#else
    sched_yield();
#endif
  }
}

static void wake_all(_Atomic unsigned *word) {
#if defined(__linux__)
  syscall(SYS_futex, (unsigned *)word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
#else
  (void)word;
#endif
}

static void *worker_main(void *raw) {
  worker_arg arg = *(worker_arg *)raw;
  free(raw);
  pool *p = arg.p;
  unsigned seen = arg.seen;
  for (;;) {
    wait_while(&p->generation, seen);
    seen = atomic_load_explicit(&p->generation, memory_order_acquire);
    if (atomic_load(&p->stop)) return NULL;
    /* Every started worker checks in, taking part or not, so none can still be reading this call's fn/ctx/nth
     * when the caller writes the next call's. */
    if (arg.tid < p->nth) p->fn(p->ctx, arg.tid, p->nth);
    if (atomic_fetch_sub_explicit(&p->remaining, 1, memory_order_acq_rel) == 1) wake_all(&p->remaining);
  }
}

pool *pool_create(void) { return calloc(1, sizeof(pool)); }

void pool_destroy(pool *p) {
  if (!p) return;
  pool_set_trial_running(p, 0);
  atomic_store(&p->stop, 1);
  atomic_fetch_add_explicit(&p->generation, 1, memory_order_release);
  wake_all(&p->generation);
  for (int i = 0; i < p->started; i++) pthread_join(p->threads[i], NULL);
  if (current == p) current = NULL;
  free(p);
}

void pool_make_current(pool *p) { current = p; }
void pool_set_limit(pool *p, int limit) { p->limit = limit < 0 ? 0 : limit > POOL_MAX_THREADS ? POOL_MAX_THREADS : limit; }
void pool_set_cores(int cores) { atomic_store(&core_count, cores < 1 ? 1 : cores); }

void pool_set_trial_running(pool *p, int running) {
  running = running ? 1 : 0;
  if (p->running == running) return;
  p->running = running;
  atomic_fetch_add(&running_trials, running ? 1 : -1);
}

/* The thread count a large call would use now. */
static int pool_thread_count(pool *p) {
  if (!p) return 1;
  if (p->limit > 0) return p->limit;
  const int trials = atomic_load(&running_trials);
  const int n = atomic_load(&core_count) / (trials > 1 ? trials : 1);
  return n < 1 ? 1 : n > POOL_MAX_THREADS ? POOL_MAX_THREADS : n;
}

double pool_threaded_calls(pool *p) { return p ? p->threadedCalls : 0; }

int par_threads(double flops, int units) {
  int n = pool_thread_count(current);
  const double byWork = flops / MIN_FLOPS_PER_THREAD;
  if (byWork < n) n = byWork < 1 ? 1 : (int)byWork;
  if (units < n) n = units < 1 ? 1 : units;
  return n;
}

/* Starts workers 1 .. nth-1 that are not running yet; returns how many threads the call can have. */
static int ensure_workers(pool *p, int nth) {
  while (p->started < nth - 1) {
    worker_arg *arg = malloc(sizeof *arg);
    if (!arg) break;
    arg->p = p;
    arg->tid = p->started + 1;
    arg->seen = atomic_load(&p->generation);
    if (pthread_create(&p->threads[p->started], NULL, worker_main, arg) != 0) {
      free(arg);
      break;
    }
    p->started++;
  }
  return nth < p->started + 1 ? nth : p->started + 1;
}

void par_run(int nth, par_fn fn, void *ctx) {
  pool *p = current;
  if (p && nth > 1 && !p->inside) nth = ensure_workers(p, nth);
  else nth = 1;
  if (nth <= 1) {
    fn(ctx, 0, 1);
    return;
  }
  p->inside = 1;
  p->threadedCalls++;
  p->fn = fn;
  p->ctx = ctx;
  p->nth = nth;
  atomic_store_explicit(&p->remaining, (unsigned)p->started, memory_order_relaxed);
  atomic_fetch_add_explicit(&p->generation, 1, memory_order_release);
  wake_all(&p->generation);
  fn(ctx, 0, nth);
  unsigned left;
  while ((left = atomic_load_explicit(&p->remaining, memory_order_acquire)) != 0) wait_while(&p->remaining, left);
  p->inside = 0;
}

#else /* no pthreads: one thread */
struct pool {
  int unused;
};
pool *pool_create(void) { return calloc(1, sizeof(pool)); }
void pool_destroy(pool *p) { free(p); }
void pool_make_current(pool *p) { (void)p; }
void pool_set_limit(pool *p, int limit) { (void)p, (void)limit; }
void pool_set_trial_running(pool *p, int running) { (void)p, (void)running; }
void pool_set_cores(int cores) { (void)cores; }
double pool_threaded_calls(pool *p) { (void)p; return 0; }
int par_threads(double flops, int units) { (void)flops, (void)units; return 1; }
void par_run(int nth, par_fn fn, void *ctx) { (void)nth; fn(ctx, 0, 1); }
#endif
