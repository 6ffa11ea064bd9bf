/* N-API binding of the native kernels. Exports { isa, isas, scalar: {...}, avx2?: {...}, avx512?: {...} }: one
 * object of kernel functions per instruction set this CPU runs (avx2 only when CPUID reports AVX2 and FMA, avx512
 * only with AVX-512F and DQ), and `isa`, the best one. Every function takes the kernels' memory (an ArrayBuffer: the buffer of a WebAssembly.Memory that the
 * TypeScript driver allocates in, exactly as for the wasm kernels) and then the wasm export's own arguments, with
 * pointers as byte offsets into that buffer. Only N-API calls up to version 8 are used, so one build loads on every
 * Node version from 12.22 on (the ABI is N-API's, not V8's). */
#ifndef NAPI_VERSION
#define NAPI_VERSION 8
#endif
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernels.h"
#include "pool.h"

/* ---- layout helpers (layout.ts): plain copies, the same on every instruction set ---- */

static void to_time_major(const float *src, int outer, int inner, int width, float *dst, int widthPadded) {
  for (int o = 0; o < outer; o++)
    for (int i = 0; i < inner; i++) {
      float *to = dst + ((size_t)i * outer + o) * widthPadded;
      memcpy(to, src + ((size_t)o * inner + i) * width, (size_t)width * 4);
      memset(to + width, 0, (size_t)(widthPadded - width) * 4);
    }
}

static void to_batch_major(const float *src, int outer, int inner, int widthPadded, float *dst, int width) {
  for (int o = 0; o < outer; o++)
    for (int i = 0; i < inner; i++)
      memcpy(dst + ((size_t)o * inner + i) * width, src + ((size_t)i * outer + o) * widthPadded, (size_t)width * 4);
}

static void pad_gate_columns(const float *src, int rows, int h, int gates, float *dst, int rowsPadded, int hp) {
  memset(dst, 0, (size_t)rowsPadded * gates * hp * 4);
  for (int r = 0; r < rows; r++)
    for (int g = 0; g < gates; g++)
      memcpy(dst + (size_t)r * gates * hp + (size_t)g * hp, src + (size_t)r * gates * h + (size_t)g * h, (size_t)h * 4);
}

static void unpad_gate_columns(const float *src, int rows, int h, int gates, float *dst, int hp) {
  for (int r = 0; r < rows; r++)
    for (int g = 0; g < gates; g++)
      memcpy(dst + (size_t)r * gates * h + (size_t)g * h, src + (size_t)r * gates * hp + (size_t)g * hp, (size_t)h * 4);
}

static void transpose(const float *src, int rows, int cols, float *dst) {
  for (int r0 = 0; r0 < rows; r0 += 8)
    for (int c0 = 0; c0 < cols; c0 += 8) {
      const int r1 = r0 + 8 < rows ? r0 + 8 : rows, c1 = c0 + 8 < cols ? c0 + 8 : cols;
      for (int r = r0; r < r1; r++)
        for (int c = c0; c < c1; c++) dst[(size_t)c * rows + r] = src[(size_t)r * cols + c];
    }
}

/* ---- argument marshalling ---- */

#define MAX_ARGS 16
typedef void (*thunk_fn)(const kernel_table *k, char *base, const double *a);

typedef struct {
  const char *name;
  int argc;       /* the kernel's arguments, after the buffer */
  const char *pointers; /* 'p' where the argument is a byte offset, '.' where it is a number */
  thunk_fn thunk;
} entry;

#define P(i) ((float *)(base + (size_t)a[i]))
#define I(i) ((int)a[i])

static void t_gemm(const kernel_table *k, char *base, const double *a) {
  k->gemm(I(0), I(1), I(2), P(3), I(4), P(5), I(6), P(7), I(8), I(9));
}
static void t_gemmBias(const kernel_table *k, char *base, const double *a) {
  k->gemmBias(I(0), I(1), I(2), P(3), I(4), P(5), I(6), P(7), P(8), I(9));
}
static void t_gemmTransposedA(const kernel_table *k, char *base, const double *a) {
  k->gemmTransposedA(I(0), I(1), I(2), P(3), I(4), P(5), I(6), P(7), I(8), I(9));
}
static void t_gemmPacked(const kernel_table *k, char *base, const double *a) {
  k->gemmPacked(I(0), I(1), I(2), P(3), I(4), P(5), P(6), I(7), I(8));
}
static void t_gemmPackedTransposedA(const kernel_table *k, char *base, const double *a) {
  k->gemmPackedTransposedA(I(0), I(1), I(2), P(3), I(4), P(5), P(6), I(7), I(8));
}
static void t_packPanels(const kernel_table *k, char *base, const double *a) {
  k->packPanels(P(0), I(1), I(2), I(3), P(4));
}
static void t_rnnForward(const kernel_table *k, char *base, const double *a) {
  k->rnnForward(I(0), I(1), I(2), P(3), P(4), P(5), P(6), I(7));
}
static void t_rnnBackward(const kernel_table *k, char *base, const double *a) {
  k->rnnBackward(I(0), I(1), I(2), P(3), P(4), P(5), P(6), P(7), P(8), I(9));
}
static void t_lstmForward(const kernel_table *k, char *base, const double *a) {
  k->lstmForward(I(0), I(1), I(2), P(3), P(4), P(5), P(6), P(7), P(8), I(9));
}
static void t_lstmBackward(const kernel_table *k, char *base, const double *a) {
  k->lstmBackward(I(0), I(1), I(2), P(3), P(4), P(5), P(6), P(7), P(8), P(9), P(10), P(11), I(12));
}
static void t_gruForward(const kernel_table *k, char *base, const double *a) {
  k->gruForward(I(0), I(1), I(2), P(3), P(4), P(5), P(6), P(7), I(8), I(9));
}
static void t_gruBackward(const kernel_table *k, char *base, const double *a) {
  k->gruBackward(I(0), I(1), I(2), P(3), P(4), P(5), P(6), P(7), P(8), P(9), P(10), I(11), I(12));
}
static void t_columnSums(const kernel_table *k, char *base, const double *a) {
  k->columnSums(P(0), I(1), I(2), P(3));
}
static void t_toTimeMajor(const kernel_table *k, char *base, const double *a) {
  (void)k;
  to_time_major(P(0), I(1), I(2), I(3), P(4), I(5));
}
static void t_toBatchMajor(const kernel_table *k, char *base, const double *a) {
  (void)k;
  to_batch_major(P(0), I(1), I(2), I(3), P(4), I(5));
}
static void t_padGateColumns(const kernel_table *k, char *base, const double *a) {
  (void)k;
  pad_gate_columns(P(0), I(1), I(2), I(3), P(4), I(5), I(6));
}
static void t_unpadGateColumns(const kernel_table *k, char *base, const double *a) {
  (void)k;
  unpad_gate_columns(P(0), I(1), I(2), I(3), P(4), I(5));
}
static void t_transpose(const kernel_table *k, char *base, const double *a) {
  (void)k;
  transpose(P(0), I(1), I(2), P(3));
}

static const entry ENTRIES[] = {
  {"gemm", 10, "...p.p.p..", t_gemm},
  {"gemmBias", 10, "...p.p.pp.", t_gemmBias},
  {"gemmTransposedA", 10, "...p.p.p..", t_gemmTransposedA},
  {"gemmPacked", 9, "...p.pp..", t_gemmPacked},
  {"gemmPackedTransposedA", 9, "...p.pp..", t_gemmPackedTransposedA},
  {"packPanels", 5, "p...p", t_packPanels},
  {"rnnForward", 8, "...pppp.", t_rnnForward},
  {"rnnBackward", 10, "...pppppp.", t_rnnBackward},
  {"lstmForward", 10, "...pppppp.", t_lstmForward},
  {"lstmBackward", 13, "...ppppppppp.", t_lstmBackward},
  {"gruForward", 10, "...ppppp..", t_gruForward},
  {"gruBackward", 13, "...pppppppp..", t_gruBackward},
  {"columnSums", 4, "p..p", t_columnSums},
  {"toTimeMajor", 6, "p...p.", t_toTimeMajor},
  {"toBatchMajor", 6, "p...p.", t_toBatchMajor},
  {"padGateColumns", 7, "p...p..", t_padGateColumns},
  {"unpadGateColumns", 6, "p...p.", t_unpadGateColumns},
  {"transpose", 4, "p..p", t_transpose},
};
#define ENTRY_COUNT (sizeof ENTRIES / sizeof ENTRIES[0])

typedef struct {
  const kernel_table *table;
  const entry *entry;
} binding;

/* Best first; `isa` is the first one this CPU runs. */
static const kernel_table *const TABLES[] = {
#ifdef CELLSWEEP_HAVE_AVX2
  &kernels_avx512,
  &kernels_avx2,
#endif
  &kernels_scalar,
};
#define TABLE_COUNT (sizeof TABLES / sizeof TABLES[0])

static binding BINDINGS[TABLE_COUNT][ENTRY_COUNT];

static napi_value throw_error(napi_env env, const char *name, const char *message) {
  char text[160];
  snprintf(text, sizeof text, "native kernel %s: %s", name, message);
  napi_throw_error(env, NULL, text);
  return NULL;
}

/* This JavaScript thread's pool (pool.h: one per thread, kept as the addon's instance data). */
static pool *env_pool(napi_env env) {
  void *data = NULL;
  napi_get_instance_data(env, &data);
  return data;
}

/* One JS function per kernel: reads the buffer and the numbers, checks every pointer lies inside the buffer (a
 * wrong offset is an exception, as a wasm out-of-bounds access is a trap, not a crash), then runs the kernel. */
static napi_value call(napi_env env, napi_callback_info info) {
  size_t argc = MAX_ARGS + 1;
  napi_value argv[MAX_ARGS + 1];
  void *data;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, &data) != napi_ok) return NULL;
  const binding *b = data;
  const entry *e = b->entry;
  if (argc != (size_t)e->argc + 1) return throw_error(env, e->name, "wrong number of arguments");
  void *base;
  size_t length;
  bool isBuffer = false;
  napi_is_arraybuffer(env, argv[0], &isBuffer);
  if (!isBuffer || napi_get_arraybuffer_info(env, argv[0], &base, &length) != napi_ok)
    return throw_error(env, e->name, "the first argument must be the kernels' ArrayBuffer");
  double a[MAX_ARGS];
  for (int i = 0; i < e->argc; i++) {
    if (napi_get_value_double(env, argv[i + 1], &a[i]) != napi_ok)
      return throw_error(env, e->name, "arguments after the buffer must be numbers");
    if (e->pointers[i] == 'p' && !(a[i] >= 0 && a[i] < (double)length && ((size_t)a[i] & 3) == 0))
      return throw_error(env, e->name, "a pointer lies outside the kernels' memory");
  }
  pool_make_current(env_pool(env));
  e->thunk(b->table, base, a);
  return NULL;
}

static napi_value kernel_object(napi_env env, int slot, const kernel_table *table) {
  napi_value object;
  napi_create_object(env, &object);
  for (size_t i = 0; i < ENTRY_COUNT; i++) {
    BINDINGS[slot][i].table = table;
    BINDINGS[slot][i].entry = &ENTRIES[i];
    napi_value fn;
    napi_create_function(env, ENTRIES[i].name, NAPI_AUTO_LENGTH, call, &BINDINGS[slot][i], &fn);
    napi_set_named_property(env, object, ENTRIES[i].name, fn);
  }
  return object;
}

/* ---- intra-trial threads (pool.h): one pool per JavaScript thread ---- */

/* The first argument as an integer, or -1. */
static int int_arg(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  double value;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_value_double(env, argv[0], &value) != napi_ok || !(value >= 0 && value <= 1e6))
    return -1;
  return (int)value;
}

/* setThreadLimit(n): 0 = auto (cores / trials running in this process), n > 0 = n threads for this JS thread. */
static napi_value set_thread_limit(napi_env env, napi_callback_info info) {
  const int limit = int_arg(env, info);
  if (limit < 0) return throw_error(env, "setThreadLimit", "expected a thread count >= 0 (0: auto)");
  pool_set_limit(env_pool(env), limit);
  return NULL;
}

/* setCores(n): the cores auto divides between running trials (os.availableParallelism()). */
static napi_value set_cores(napi_env env, napi_callback_info info) {
  const int cores = int_arg(env, info);
  if (cores < 1) return throw_error(env, "setCores", "expected a core count >= 1");
  pool_set_cores(cores);
  return NULL;
}

/* setTrialRunning(bool): this JS thread starts or ends a trial. */
static napi_value set_trial_running(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  bool running = false;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_value_bool(env, argv[0], &running) != napi_ok)
    return throw_error(env, "setTrialRunning", "expected a boolean");
  pool_set_trial_running(env_pool(env), running);
  return NULL;
}

/* threadedCalls(): how many kernel calls of this JS thread ran on more than one thread (for the tests). */
static napi_value threaded_calls(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_double(env, pool_threaded_calls(env_pool(env)), &result);
  return result;
}

static void destroy_pool(napi_env env, void *data, void *hint) {
  (void)env, (void)hint;
  pool_destroy(data);
}

static void export_function(napi_env env, napi_value exports, const char *name, napi_callback fn) {
  napi_value value;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, NULL, &value);
  napi_set_named_property(env, exports, name, value);
}

static bool runs_here(const kernel_table *table) {
#ifdef CELLSWEEP_HAVE_AVX2
  __builtin_cpu_init();
  if (table == &kernels_avx512)
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("fma");
  if (table == &kernels_avx2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  (void)table;
  return true;
}


static napi_value init(napi_env env, napi_value exports) {
  napi_value isas, name;
  napi_create_array(env, &isas);
  uint32_t count = 0;
  for (size_t t = 0; t < TABLE_COUNT; t++) {
    if (!runs_here(TABLES[t])) continue;
    napi_set_named_property(env, exports, TABLES[t]->isa, kernel_object(env, (int)t, TABLES[t]));
    napi_create_string_utf8(env, TABLES[t]->isa, NAPI_AUTO_LENGTH, &name);
    if (count == 0) napi_set_named_property(env, exports, "isa", name);
    napi_set_element(env, isas, count++, name);
  }
  napi_set_named_property(env, exports, "isas", isas);
  napi_set_instance_data(env, pool_create(), destroy_pool, NULL);
  export_function(env, exports, "setThreadLimit", set_thread_limit);
  export_function(env, exports, "setCores", set_cores);
  export_function(env, exports, "setTrialRunning", set_trial_running);
  export_function(env, exports, "threadedCalls", threaded_calls);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
