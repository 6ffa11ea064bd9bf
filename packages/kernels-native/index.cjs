'use strict';
// The compiled addon (src/addon.c). Throws when it was not built (no C compiler or no Node headers at install, or
// CELLSWEEP_SKIP_NATIVE=1): @cellsweep/kernels catches that and runs its wasm kernels.
module.exports = require('./build/Release/cellsweep_kernels.node');
