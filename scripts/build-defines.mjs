// Constants the bundles carry, computed once at build time (esbuild `define`):
//   FERRY_BUILTIN_SCHEMA        the well-known types, descriptor.proto and google.rpc as protobufjs JSON and
//                               descriptors (electron/engine/schema/builtin-schema.ts); building them costs
//                               every process ~14 ms otherwise. Carried as JSON text: JSON.parse reads it
//                               faster than V8 builds the same object literal.
//   FERRY_SCHEMA_CACHE_VERSION  the package version plus a hash of the schema code and protobufjs's version,
//                               so a rebuilt Ferry never reads schema cache entries an older build wrote.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

async function builtinSchema() {
  const result = await build({
    entryPoints: ['electron/engine/schema/builtin-schema.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    write: false,
    logLevel: 'warning',
  });
  const module = { exports: {} };
  // Runs the module's own computeBuiltinSchema with this checkout's node_modules, so there is one definition.
  new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, createRequire(join(process.cwd(), 'package.json')));
  return module.exports.computeBuiltinSchema();
}

function schemaCacheVersion() {
  const hash = createHash('sha256');
  const dir = 'electron/engine/schema';
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts')).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  hash.update(JSON.parse(readFileSync('node_modules/protobufjs/package.json', 'utf8')).version);
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  return `${version}+${hash.digest('hex').slice(0, 16)}`;
}

/** `define` entries for esbuild. */
export async function buildDefines() {
  return {
    FERRY_BUILTIN_SCHEMA: JSON.stringify(JSON.stringify(await builtinSchema())),
    FERRY_SCHEMA_CACHE_VERSION: JSON.stringify(schemaCacheVersion()),
  };
}
