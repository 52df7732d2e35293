#!/usr/bin/env node
'use strict';
// The compiled CLI lives in lib/ (npm run build); everything, including error handling, is there.
try {
  require.resolve('../lib/cli/main.js');
} catch {
  process.stderr.write(
    'error: hardened-workloads is not built: run `npm run build` (lib/cli/main.js is missing)\n',
  );
  process.exit(2);
}
require('../lib/cli/main.js');
