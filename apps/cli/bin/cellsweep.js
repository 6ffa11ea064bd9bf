#!/usr/bin/env node
// Committed shim: npm links bins at install time, before `tsc -b` has produced dist/.
import('../dist/main.js')
  .then((m) => m.main(process.argv))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
