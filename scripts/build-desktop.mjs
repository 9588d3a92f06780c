// Bundles the desktop app's main process and preload into dist/electron/ (package.json `main` points at
// dist/electron/main.cjs). The renderer is built separately by `vite build` into dist/renderer/.
//   main.cjs     Node (Electron's main process). npm packages stay external, as in build-cli.mjs:
//                electron-builder packs them from node_modules, and protobufjs loads files through a
//                dynamic require that bundling would break.
//   schema-part-thread.cjs  A worker thread of the main process for a part of a large schema load, built
//                the same way.
//   preload.cjs  A sandboxed preload may require only `electron` and a few shims, so it must be ONE CommonJS
//                file with everything else inlined. Built for the browser platform so a Node built-in
//                import fails here, at build time, instead of in the user's window.
import { build } from 'esbuild';
import { buildDefines } from './build-defines.mjs';
import { oneProtobufjsImport } from './one-protobufjs-import-plugin.mjs';

const common = { bundle: true, format: 'cjs', external: ['electron'], sourcemap: true, logLevel: 'warning', metafile: true };

const mainProcess = { ...common, platform: 'node', target: 'node22', packages: 'external', define: await buildDefines(), plugins: [oneProtobufjsImport] };
await Promise.all([
  build({ ...mainProcess, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.cjs' }),
  build({ ...mainProcess, entryPoints: ['electron/main/schema-part-thread.ts'], outfile: 'dist/electron/schema-part-thread.cjs' }),
]);

const preload = await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  platform: 'browser',
  target: 'chrome130',
});

// The guarantee above, checked: nothing but `electron` may be left for the sandbox's require to find.
const leftovers = Object.values(preload.metafile.outputs)
  .flatMap((output) => output.imports ?? [])
  .filter((entry) => entry.external && entry.path !== 'electron');
if (leftovers.length > 0) {
  console.error(`preload.cjs must require only 'electron'; it requires: ${leftovers.map((entry) => entry.path).join(', ')}`);
  process.exit(1);
}
