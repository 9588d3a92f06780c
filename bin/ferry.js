#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli', 'ferry.cjs');
if (!existsSync(bundle)) {
  process.stderr.write('ferry: the command line is not built yet; run `npm run build` in the Ferry checkout\n');
  process.exit(1);
}
require(bundle);
