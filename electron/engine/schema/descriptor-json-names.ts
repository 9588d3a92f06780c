import protobuf from 'protobufjs';
import type descriptor from 'protobufjs/ext/descriptor.js';
import type { FileDescriptor } from './descriptor-files';

/**
 * Fields whose descriptor came without a json_name. protoc always writes one; @grpc/reflection servers do
 * not, and grpcurl then prints such a field under its proto name. protobufjs computes a JSON name either way,
 * so the difference is remembered here, while the descriptors are at hand.
 */
const withoutJsonName = new WeakSet<protobuf.FieldBase>();

export function hasDescriptorJsonName(field: protobuf.FieldBase): boolean {
  return !withoutJsonName.has(field);
}

function visit(root: protobuf.Root, scope: string, messages: descriptor.IDescriptorProto[] = []): void {
  for (const message of messages) {
    const name = `${scope}.${message.name}`;
    const type = root.lookup(name);
    if (type instanceof protobuf.Type) {
      for (const field of message.field ?? []) {
        const reflected = type.fieldsById[field.number ?? -1];
        if (reflected && !field.jsonName) withoutJsonName.add(reflected);
      }
    }
    visit(root, name, message.nestedType ?? []);
  }
}

export function markFieldsWithoutJsonName(root: protobuf.Root, files: readonly FileDescriptor[]): void {
  for (const file of files) visit(root, file.package ? `.${file.package}` : '', file.messageType ?? []);
}
