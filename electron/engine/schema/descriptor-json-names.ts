import protobuf from 'protobufjs';
import type descriptor from 'protobufjs/ext/descriptor.js';
import type { FileDescriptor } from './descriptor-set-decode';

/**
 * Fields whose descriptor came without a json_name. protoc always writes one; @grpc/reflection servers do
 * not, and grpcurl then prints such a field under its proto name. protobufjs computes a JSON name either way,
 * so the difference is remembered here, while the descriptors are at hand.
 */
const withoutJsonName = new WeakSet<protobuf.FieldBase>();

export function hasDescriptorJsonName(field: protobuf.FieldBase): boolean {
  return !withoutJsonName.has(field);
}

/** Walks the descriptors beside the reflected types, by name within each scope (no full-name lookups). */
function visit(scope: protobuf.Namespace, messages: descriptor.IDescriptorProto[] = []): void {
  for (const message of messages) {
    const type = message.name ? scope.get(message.name) : null;
    if (!(type instanceof protobuf.Type)) continue;
    for (const field of message.field ?? []) {
      const reflected = field.jsonName ? undefined : type.fieldsById[field.number ?? -1];
      if (reflected) withoutJsonName.add(reflected);
    }
    visit(type, message.nestedType ?? []);
  }
}

export function markFieldsWithoutJsonName(root: protobuf.Root, files: readonly FileDescriptor[]): void {
  for (const file of files) {
    const scope = file.package ? root.lookup(file.package) : root;
    if (scope instanceof protobuf.Namespace) visit(scope, file.messageType ?? []);
  }
}
