// `npm run fuzz -- --minutes 10`: bundles the fuzzer (bench/fuzz/) next to the app's bundles in
// out/ (the engine finds its worker scripts there) and runs it. See bench/fuzz/driver.ts.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundleOptions } from './esbuild-common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const name of ['driver', 'child']) {
  await build({ entryPoints: [join(root, 'bench', 'fuzz', `${name}.ts`)], outfile: join(root, 'out', `fuzz-${name}.cjs`), ...nodeBundleOptions });
}
const r = spawnSync(process.execPath, [join(root, 'out', 'fuzz-driver.cjs'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
