import protobuf from 'protobufjs';
import type descriptor from 'protobufjs/ext/descriptor.js';
import { descriptorExtension } from './descriptor-extension';
import { BUILTIN_PROTOS } from './builtin-protos';

/** One file every registry carries, and a type it defines (present means the file is). */
export interface BuiltinFile {
  name: string;
  marker: string;
  /** The file's types as protobufjs JSON, rooted at the root namespace (`{ google: { nested: … } }`). */
  nested: Record<string, protobuf.AnyNestedObject>;
}

export interface BuiltinSchema {
  files: BuiltinFile[];
  /** The same types as FileDescriptorProtos (one per package), to complete descriptor sets and reflection answers. */
  descriptors: descriptor.IFileDescriptorProto[];
}

/** Options every schema source parses with: original field names (the codec maps json names) and doc comments. */
export const PARSE_OPTIONS = { keepCase: true, alternateCommentMode: true } as const;

export const DESCRIPTOR_FILE = 'google/protobuf/descriptor.proto';

const WKT_MARKERS: Readonly<Record<string, string>> = {
  'google/protobuf/any.proto': 'google.protobuf.Any',
  'google/protobuf/duration.proto': 'google.protobuf.Duration',
  'google/protobuf/timestamp.proto': 'google.protobuf.Timestamp',
  'google/protobuf/empty.proto': 'google.protobuf.Empty',
  'google/protobuf/struct.proto': 'google.protobuf.Struct',
  'google/protobuf/wrappers.proto': 'google.protobuf.Int64Value',
  'google/protobuf/field_mask.proto': 'google.protobuf.FieldMask',
};

const RPC_MARKERS: Readonly<Record<string, string>> = {
  'google/rpc/status.proto': 'google.rpc.Status',
  'google/rpc/error_details.proto': 'google.rpc.ErrorInfo',
};

/** The JSON of each built-in file: protobufjs's own well-known types and descriptor.proto, our google.rpc text. */
function builtinJson(): Array<{ name: string; marker: string; json: protobuf.INamespace }> {
  const wkt = Object.entries(WKT_MARKERS).map(([name, marker]) => ({ name, marker, json: protobuf.common.get(name) as protobuf.INamespace }));
  const descriptorTypes = (descriptorExtension().FileDescriptorSet as unknown as protobuf.Type).parent as protobuf.Namespace;
  const descriptorJson = { nested: { google: { nested: { protobuf: descriptorTypes.toJSON() } } } };
  const rpc = Object.entries(RPC_MARKERS).map(([name, marker]) => {
    const root = new protobuf.Root();
    protobuf.parse(BUILTIN_PROTOS[name]!, root, PARSE_OPTIONS);
    return { name, marker, json: root.toJSON({ keepComments: true }) };
  });
  return [...wkt, { name: DESCRIPTOR_FILE, marker: 'google.protobuf.FileDescriptorProto', json: descriptorJson }, ...rpc];
}

/**
 * Builds the built-in files from protobufjs and BUILTIN_PROTOS. The bundles run this once at build time
 * (scripts/build-builtin-schema.mjs) and carry the result; unbundled code (tests) runs it once per process.
 */
export function computeBuiltinSchema(): BuiltinSchema {
  const files = builtinJson();
  const root = new protobuf.Root();
  for (const file of files) root.addJSON(file.json.nested!);
  root.resolveAll();
  const { FileDescriptorProto } = descriptorExtension();
  const descriptors = (root.toDescriptor('proto3').file ?? []).map(
    (file) => FileDescriptorProto.toObject(FileDescriptorProto.fromObject(file), { longs: String }) as descriptor.IFileDescriptorProto,
  );
  return { files: files.map(({ name, marker, json }) => ({ name, marker, nested: json.nested as Record<string, protobuf.AnyNestedObject> })), descriptors };
}

/** Set by the bundlers (esbuild `define`) to the JSON text of `computeBuiltinSchema()` at build time. */
declare const FERRY_BUILTIN_SCHEMA: string | undefined;

let computed: BuiltinSchema | undefined;

/** The built-in files, from the bundle when built in, else computed once. */
export function builtinSchema(): BuiltinSchema {
  computed ??= typeof FERRY_BUILTIN_SCHEMA === 'string' ? (JSON.parse(FERRY_BUILTIN_SCHEMA) as BuiltinSchema) : computeBuiltinSchema();
  return computed;
}
