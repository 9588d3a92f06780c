// Bundles the `ferry` command line into dist/cli/ferry.cjs. Runs on `npm ci` (prepare) so `npx ferry`
// works in a fresh clone. npm packages stay external: they are installed beside it, and protobufjs
// loads files through a dynamic require that bundling would break.
import { build } from 'esbuild';
import { buildDefines } from './build-defines.mjs';

await build({
  entryPoints: ['electron/cli/main.ts'],
  outfile: 'dist/cli/ferry.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  define: await buildDefines(),
});
