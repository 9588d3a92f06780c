import type Descriptor from 'protobufjs/ext/descriptor.js';

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
