import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor.js';
import { BUILTIN_PROTOS } from './builtin-protos';

/** Options every schema source parses with: original field names (the codec maps json names) and doc comments. */
export const PARSE_OPTIONS = { keepCase: true, alternateCommentMode: true } as const;

/** A type each bundled file defines: if it resolves, that file is already in the root. */
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

const DESCRIPTOR_FILE = 'google/protobuf/descriptor.proto';
let descriptorJson: protobuf.INamespace | undefined;

/**
 * descriptor.proto as JSON, taken from protobufjs's own descriptor extension (already loaded for descriptor
 * sets), so files that declare custom options (`import "google/protobuf/descriptor.proto"`) load without -I.
 */
function descriptorNamespace(): protobuf.INamespace {
  const ns = (descriptor.FileDescriptorSet as unknown as protobuf.Type).parent as protobuf.Namespace;
  descriptorJson ??= { nested: { google: { nested: { protobuf: ns.toJSON() } } } };
  return descriptorJson;
}

/** Files every registry carries: an import of one of these needs no import path. */
export function isBuiltinFile(name: string): boolean {
  return name in WKT_MARKERS || name in RPC_MARKERS || name === DESCRIPTOR_FILE;
}

function has(root: protobuf.Root, name: string): boolean {
  return root.lookup(name) !== null;
}

/** Whether every built-in file is present (its marker type resolves). */
export function hasBuiltins(root: protobuf.Root): boolean {
  return [...Object.values(WKT_MARKERS), ...Object.values(RPC_MARKERS), 'google.protobuf.FileDescriptorProto'].every((name) => has(root, name));
}

/**
 * Adds the well-known types and the google.rpc error types that a schema source did not bring itself.
 * Checked per file, so a source that ships its own copy of one of them keeps it and nothing clashes.
 */
export function addBuiltins(root: protobuf.Root): protobuf.Root {
  for (const [file, marker] of Object.entries(WKT_MARKERS)) {
    const json = protobuf.common.get(file) as protobuf.INamespace | null;
    if (!has(root, marker) && json?.nested) root.addJSON(json.nested);
  }
  if (!has(root, 'google.protobuf.FileDescriptorProto')) root.addJSON(descriptorNamespace().nested!);
  for (const [file, marker] of Object.entries(RPC_MARKERS)) {
    if (!has(root, marker)) protobuf.parse(BUILTIN_PROTOS[file]!, root, PARSE_OPTIONS);
  }
  return root;
}
