import { basename, dirname, isAbsolute, sep } from 'node:path';
import protobuf from 'protobufjs';
import type { FileDescriptor } from './descriptor-set-decode';
import { withoutLeadingDot } from '../codec/well-known';

/**
 * Which .proto file each top-level type, enum, service and extension belongs to when a schema is exported.
 * Well-known and google.rpc types always get their canonical names, so exported files import them the way
 * protoc expects ("google/protobuf/timestamp.proto"), whatever a server called them (@grpc/reflection sends
 * one "google_protobuf.proto" for all of them).
 */

const WKT_FILES: Readonly<Record<string, string>> = {
  Any: 'any', Api: 'api', Method: 'api', Mixin: 'api', Duration: 'duration', Empty: 'empty', FieldMask: 'field_mask',
  SourceContext: 'source_context', Struct: 'struct', Value: 'struct', ListValue: 'struct', NullValue: 'struct',
  Timestamp: 'timestamp', Type: 'type', Field: 'type', Enum: 'type', EnumValue: 'type', Option: 'type', Syntax: 'type',
  DoubleValue: 'wrappers', FloatValue: 'wrappers', Int64Value: 'wrappers', UInt64Value: 'wrappers', Int32Value: 'wrappers',
  UInt32Value: 'wrappers', BoolValue: 'wrappers', StringValue: 'wrappers', BytesValue: 'wrappers',
};

/** The canonical file of a google.protobuf or google.rpc type, or undefined for any other type. */
export function canonicalFileOf(fullName: string): string | undefined {
  const name = withoutLeadingDot(fullName);
  if (name.startsWith('google.protobuf.')) {
    const simple = name.slice('google.protobuf.'.length).split('.')[0]!;
    return `google/protobuf/${WKT_FILES[simple] ?? 'descriptor'}.proto`;
  }
  if (name === 'google.rpc.Status') return 'google/rpc/status.proto';
  if (name.startsWith('google.rpc.')) return 'google/rpc/error_details.proto';
  return undefined;
}

/** Remembers, on the reflection objects a descriptor set or server defined, the file each came from. */
export function stampDescriptorFileNames(root: protobuf.Root, files: readonly FileDescriptor[]): void {
  for (const file of files) {
    if (!file.name) continue;
    // The package once per file, then each declaration by name in it: a full-name lookup per declaration
    // was ~2% of loading googleapis's descriptor set.
    const scope = file.package ? root.lookup(file.package) : root;
    if (!(scope instanceof protobuf.Namespace)) continue;
    const names = [...(file.messageType ?? []), ...(file.enumType ?? []), ...(file.service ?? []), ...(file.extension ?? [])].map((d) => d.name);
    for (const name of names) {
      const object = name ? scope.get(name) : null;
      if (object && !object.filename) object.filename = file.name;
    }
  }
}

/** The type, enum, service or extension directly inside a package that holds `object`. */
export function topLevelOf(object: protobuf.ReflectionObject): protobuf.ReflectionObject {
  let current = object;
  while (current.parent && !(current.parent instanceof protobuf.Root) && (current.parent instanceof protobuf.Type || current.parent instanceof protobuf.Service)) {
    current = current.parent;
  }
  return current;
}

/** The package a top-level object is declared in. */
export function packageOf(object: protobuf.ReflectionObject): string {
  return object.parent ? withoutLeadingDot(object.parent.fullName) : '';
}

/**
 * A relative file name for a file parsed from disk, as protoc would name it: the package's directories
 * and the file name when the file sits under them (`…/acme/v1/a.proto` in package acme.v1), else its base name.
 */
function relativeName(path: string, pkg: string): string {
  if (!isAbsolute(path)) return path;
  const packageDir = pkg.split('.').filter(Boolean).join(sep);
  if (packageDir && dirname(path).endsWith(`${sep}${packageDir}`)) return `${pkg.split('.').join('/')}/${basename(path)}`;
  return basename(path);
}

/** Assigns every exported object a file name; two different source files never share one. */
export function createFileNamer(): (object: protobuf.ReflectionObject) => string {
  const bySource = new Map<string, string>();
  const taken = new Map<string, string>();
  return (object) => {
    const top = topLevelOf(object);
    const canonical = canonicalFileOf(top.fullName);
    if (canonical) return canonical;
    const pkg = packageOf(top);
    const source = top.filename ?? `${pkg.replace(/\./g, '_') || 'root'}.proto`;
    const known = bySource.get(source);
    if (known) return known;
    let name = relativeName(source, pkg);
    for (let parent = dirname(source); taken.has(name) && taken.get(name) !== source; parent = dirname(parent)) {
      name = `${basename(parent)}/${name}`;
    }
    bySource.set(source, name);
    taken.set(name, source);
    return name;
  };
}
