import protobuf from 'protobufjs';
import { builtinSchema, DESCRIPTOR_FILE } from './builtin-schema';

export { PARSE_OPTIONS } from './builtin-schema';

/** Files every registry carries: an import of one of these needs no import path. */
export function isBuiltinFile(name: string): boolean {
  return builtinSchema().files.some((file) => file.name === name);
}

function has(root: protobuf.Root, name: string): boolean {
  return root.lookup(name) !== null;
}

/**
 * descriptor.proto is the largest built-in by far (232 of the 324 types, fields and enums) and few schemas use
 * it: it comes with the schemas that extend its options or name its types, and other roots get it on first
 * lookup (SchemaRegistry). Adding and resolving it in every reflection registry was ~4 ms of a `ferry call`.
 */
const onDemand = (name: string): boolean => name === DESCRIPTOR_FILE;

/** Whether every built-in file but descriptor.proto is present (its marker type resolves). */
export function hasBuiltins(root: protobuf.Root): boolean {
  return builtinSchema().files.every((file) => onDemand(file.name) || has(root, file.marker));
}

const isPlainNamespace = (json: protobuf.AnyNestedObject): boolean => !('fields' in json || 'values' in json || 'methods' in json || 'id' in json);

let unitFiles: Map<string, string> | undefined;

/**
 * Each declaration the built-ins hold directly in a package (a schema cache entry's "unit", see
 * cache-entry-format.ts), by full name → the built-in file it comes from.
 */
export function builtinUnitFiles(): ReadonlyMap<string, string> {
  if (unitFiles) return unitFiles;
  const files = new Map<string, string>();
  const walk = (nested: Record<string, protobuf.AnyNestedObject>, prefix: string, file: string) => {
    for (const [name, json] of Object.entries(nested)) {
      const full = prefix === '' ? name : `${prefix}.${name}`;
      const inner = (json as protobuf.INamespace).nested;
      if (isPlainNamespace(json) && inner) walk(inner, full, file);
      else files.set(full, file);
    }
  };
  for (const file of builtinSchema().files) walk(file.nested, '', file.name);
  unitFiles = files;
  return files;
}

/**
 * Adds JSON types into the namespaces that already exist instead of through `Namespace.add`: protobufjs
 * replaces an existing plain namespace (`google`) by re-adding everything under it, which on a googleapis
 * tree cost more than the parse.
 */
export function mergeJson(namespace: protobuf.Namespace, nested: Record<string, protobuf.AnyNestedObject>): void {
  for (const [name, json] of Object.entries(nested)) {
    const existing = namespace.get(name);
    const inner = (json as protobuf.INamespace).nested;
    if (existing instanceof protobuf.Namespace && !(existing instanceof protobuf.Type) && !(existing instanceof protobuf.Service) && isPlainNamespace(json) && inner) {
      mergeJson(existing, inner);
    } else {
      namespace.addJSON({ [name]: json });
    }
  }
}

/** Adds a built-in file unless the root has it; true when it was added. */
function addFile(root: protobuf.Root, name: string): boolean {
  const file = builtinSchema().files.find((f) => f.name === name)!;
  if (has(root, file.marker)) return false;
  mergeJson(root, file.nested);
  return true;
}

/**
 * Adds descriptor.proto's types unless the root has them (the target of every custom option's `extend`); true
 * when they were added (and need resolving).
 */
export function addDescriptorTypes(root: protobuf.Root): boolean {
  return addFile(root, DESCRIPTOR_FILE);
}

/**
 * Adds the well-known types and the google.rpc error types that a schema source did not bring itself.
 * Checked per file, so a source that ships its own copy of one of them keeps it and nothing clashes.
 * descriptor.proto is not among them (see onDemand).
 */
export function addBuiltins(root: protobuf.Root): protobuf.Root {
  for (const file of builtinSchema().files) if (!onDemand(file.name)) addFile(root, file.name);
  return root;
}
