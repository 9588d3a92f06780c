import protobuf from 'protobufjs';
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

function has(root: protobuf.Root, name: string): boolean {
  return root.lookup(name) !== null;
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
  for (const [file, marker] of Object.entries(RPC_MARKERS)) {
    if (!has(root, marker)) protobuf.parse(BUILTIN_PROTOS[file]!, root, PARSE_OPTIONS);
  }
  return root;
}
