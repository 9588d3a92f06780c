import type Descriptor from 'protobufjs/ext/descriptor.js';
import { trace } from '../diagnostics/trace';

let loaded: typeof Descriptor | undefined;

/**
 * protobufjs's descriptor extension, required on first use rather than when the engine loads: loading it builds
 * descriptor.proto's types (~6 ms and ~1.3 MB of a command's start-up) and installs `Root.fromDescriptor` and
 * its kin, which only descriptor sets, reflection answers and schema exports need. Modules take its types with
 * `import type` and its values from here.
 */
export function descriptorExtension(): typeof Descriptor {
  loaded ??= require('protobufjs/ext/descriptor.js') as typeof Descriptor;
  return loaded;
}

/**
 * Loads the extension for a large schema's sake, though building the schema uses none of it: without it,
 * V8 keeps far more hidden classes for protobufjs's objects (90,547 distinct maps of plain objects against
 * 15,119 in heap snapshots of protobufjs parsing google/ads, the extension loaded before or after the first
 * 400 files alike), and all of googleapis took ~8.5 s and 1.1 GB to parse instead of ~5.8 s and 555 MB, and
 * ~9 s and 1 GB to build from the schema cache instead of ~5 s and 700 MB. A small schema does not pay its
 * ~6 ms (docs/PERFORMANCE.md, "The descriptor extension in a large parse").
 */
export function prepareForLargeSchema(why: string): void {
  descriptorExtension();
  trace('schema', `${why}: protobufjs's descriptor extension loaded (see prepareForLargeSchema)`);
}
