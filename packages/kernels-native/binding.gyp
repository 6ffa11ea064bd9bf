{
  "targets": [
    {
      "target_name": "cellsweep_kernels",
      "sources": ["src/addon.c", "src/pool.c", "src/isa-avx2.c", "src/isa-avx512.c", "src/isa-scalar.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-O3", "-std=gnu11", "-ffp-contract=off", "-fno-math-errno", "-pthread", "-fvisibility=hidden"],
      "ldflags": ["-pthread"],
      "cflags!": ["-O2", "-O1", "-O0"],
      "xcode_settings": {
        "OTHER_CFLAGS": ["-O3", "-std=gnu11", "-ffp-contract=off", "-fno-math-errno"],
        "GCC_OPTIMIZATION_LEVEL": "3"
      }
    }
  ]
}
