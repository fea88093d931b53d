#!/usr/bin/env node
// The package's command. The CLI is bundled into out/ by `npm run build` (also run on `npm ci`).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const cli = join(__dirname, '..', 'out', 'cli.cjs');
if (!existsSync(cli)) {
  console.error('tracelens: the app is not built yet; run `npm run build` in ' + join(__dirname, '..'));
  process.exit(2);
}
require(cli).main(process.argv);
