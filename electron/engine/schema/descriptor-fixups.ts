import protobuf from 'protobufjs';
import type descriptor from 'protobufjs/ext/descriptor.js';
import type { FileDescriptor } from './descriptor-set-decode';

type MessageDescriptor = descriptor.IDescriptorProto;

/**
 * Servers built with @grpc/reflection drop the `proto3_optional` flag but keep the synthetic oneof protoc
 * made for it (`optional int32 maybe` → `oneof _maybe { int32 maybe }`). Restoring the flag makes such a
 * field look exactly as if parsed from the .proto (printed as `optional`, not as a oneof). A real oneof
 * named `_x` holding only field `x` is the one shape this would misread; protoc itself avoids that name.
 */
export function markSyntheticOneofs(file: FileDescriptor): FileDescriptor {
  if (file.syntax !== 'proto3') return file;
  const visit = (message: MessageDescriptor): void => {
    (message.oneofDecl ?? []).forEach((oneof, index) => {
      const members = (message.field ?? []).filter((field) => field.oneofIndex === index);
      const only = members.length === 1 ? members[0] : undefined;
      if (only && oneof.name === `_${only.name}`) only.proto3Optional = true;
    });
    (message.nestedType ?? []).forEach(visit);
  };
  (file.messageType ?? []).forEach(visit);
  return file;
}

/** protoc's comment text (` Line one.\n Line two.\n`) in the form protobufjs gives parsed files. */
function cleanComment(text: string): string {
  return text.split('\n').map((line) => line.replace(/^ /, '').trimEnd()).join('\n').trim();
}

// Field numbers inside FileDescriptorProto / DescriptorProto / EnumDescriptorProto / ServiceDescriptorProto,
// which is how source_code_info paths address an element.
const FILE_MESSAGE = 4, FILE_ENUM = 5;
export const FILE_SERVICE = 6, SERVICE_METHOD = 2;
const MSG_FIELD = 2, MSG_NESTED = 3, MSG_ENUM = 4, MSG_ONEOF = 8;
const ENUM_VALUE = 2;

/** A file's comments (leading, else trailing, cleaned) by their source_code_info path joined with dots. */
export function commentsByPath(file: FileDescriptor): Map<string, string> {
  const byPath = new Map<string, string>();
  for (const location of file.sourceCodeInfo?.location ?? []) {
    const text = location.leadingComments || location.trailingComments;
    if (text && location.path) byPath.set(location.path.join('.'), cleanComment(text));
  }
  return byPath;
}

/**
 * Descriptor sets built with `--include_source_info` (buf does by default) carry comments in
 * source_code_info, which protobufjs ignores: copy them onto the reflection objects as docs.
 */
export function applySourceComments(root: protobuf.Root, file: FileDescriptor): void {
  const comments = commentsByPath(file);
  if (comments.size === 0) return;
  const prefix = file.package ? `.${file.package}.` : '.';
  const set = (object: protobuf.ReflectionObject | null, path: number[]) => {
    const text = comments.get(path.join('.'));
    if (object && text) object.comment = text;
  };
  const visitEnum = (e: descriptor.IEnumDescriptorProto, fullName: string, path: number[]) => {
    const found = root.lookup(fullName);
    set(found, path);
    if (!(found instanceof protobuf.Enum)) return;
    (e.value ?? []).forEach((value, i) => {
      const text = comments.get([...path, ENUM_VALUE, i].join('.'));
      if (text && value.name) found.comments[value.name] = text;
    });
  };
  const visitMessage = (m: MessageDescriptor, fullName: string, path: number[]) => {
    const found = root.lookup(fullName);
    set(found, path);
    if (!(found instanceof protobuf.Type)) return;
    (m.field ?? []).forEach((f, i) => set(found.fields[f.name ?? ''] ?? null, [...path, MSG_FIELD, i]));
    (m.oneofDecl ?? []).forEach((o, i) => set(found.oneofs?.[o.name ?? ''] ?? null, [...path, MSG_ONEOF, i]));
    (m.nestedType ?? []).forEach((n, i) => visitMessage(n, `${fullName}.${n.name}`, [...path, MSG_NESTED, i]));
    (m.enumType ?? []).forEach((e, i) => visitEnum(e, `${fullName}.${e.name}`, [...path, MSG_ENUM, i]));
  };
  (file.messageType ?? []).forEach((m, i) => visitMessage(m, `${prefix}${m.name}`, [FILE_MESSAGE, i]));
  (file.enumType ?? []).forEach((e, i) => visitEnum(e, `${prefix}${e.name}`, [FILE_ENUM, i]));
  (file.service ?? []).forEach((s, i) => {
    const service = root.lookup(`${prefix}${s.name}`);
    set(service, [FILE_SERVICE, i]);
    if (!(service instanceof protobuf.Service)) return;
    (s.method ?? []).forEach((m, j) => set(service.methods[m.name ?? ''] ?? null, [FILE_SERVICE, i, SERVICE_METHOD, j]));
  });
}
