import type descriptor from 'protobufjs/ext/descriptor.js';
import { fail } from '../../../shared/errors';
import type { ExportedFile } from './export-descriptors';
import { DESCRIBE_LAYOUT, ProtoPrinter, type ProtoPrintOptions } from './export-proto-printer';
import type { SchemaExporter } from './export-schema';
import { withoutLeadingDot } from '../codec/well-known';

/** What grpcurl says a symbol is, in its `<name> is <kind>:` header. */
export type SymbolKind =
  | 'a service' | 'a method' | 'a message' | 'an enum' | 'an enum value' | 'a field' | 'a group field' | 'an extension'
  | 'a one-of' | 'the entry type for a map field' | 'the type of a group field';

export interface DescribedSymbol {
  fullName: string;
  kind: SymbolKind;
  /** The element as .proto text, without a final newline (as grpcurl's GetDescriptorText returns it). */
  text: string;
}

type Message = descriptor.IDescriptorProto;
type Printer = ProtoPrinter;
type Found = { fullName: string; kind: SymbolKind; print: (p: Printer) => void };

function inMessage(message: Message, scope: string, path: number[], wanted: string, parent?: { message: Message; scope: string }): Found | undefined {
  const name = `${scope}.${message.name}`;
  const here = { message, scope: name };
  if (name === wanted) {
    const owner = parent?.message.field?.find((f) => withoutLeadingDot(f.typeName ?? '') === name && (message.options?.mapEntry || f.type === 10));
    if (owner && parent) {
      const index = parent.message.field!.indexOf(owner);
      const kind: SymbolKind = message.options?.mapEntry ? 'the entry type for a map field' : 'the type of a group field';
      return { fullName: name, kind, print: (p) => p.field(owner, parent.scope, [...path.slice(0, -2), 2, index], 0, parent.message) };
    }
    return { fullName: name, kind: 'a message', print: (p) => p.message(message, name, path, 0) };
  }
  if (!wanted.startsWith(`${name}.`)) return undefined;
  for (const [i, field] of (message.field ?? []).entries()) {
    if (`${name}.${field.name}` !== wanted) continue;
    const kind: SymbolKind = field.type === 10 ? 'a group field' : 'a field';
    return { fullName: wanted, kind, print: (p) => p.field(field, name, [...path, 2, i], 0, message) };
  }
  for (const [i, oneof] of (message.oneofDecl ?? []).entries()) {
    if (`${name}.${oneof.name}` !== wanted) continue;
    return { fullName: wanted, kind: 'a one-of', print: (p) => p.oneofAlone(message, name, path, i) };
  }
  for (const [i, e] of (message.enumType ?? []).entries()) {
    const found = inEnum(e, name, [...path, 4, i], wanted);
    if (found) return found;
  }
  for (const [i, extension] of (message.extension ?? []).entries()) {
    if (`${name}.${extension.name}` === wanted) return extensionFound(extension, name, [...path, 6], i, wanted);
  }
  for (const [i, nested] of (message.nestedType ?? []).entries()) {
    const found = inMessage(nested, name, [...path, 3, i], wanted, here);
    if (found) return found;
  }
  return undefined;
}

function inEnum(type: descriptor.IEnumDescriptorProto, scope: string, path: number[], wanted: string): Found | undefined {
  const name = `${scope}.${type.name}`;
  if (name === wanted) return { fullName: name, kind: 'an enum', print: (p) => p.enum(type, path, 0) };
  // Enum values are siblings of their enum, in the enclosing scope (as in C++).
  for (const [i, value] of (type.value ?? []).entries()) {
    if (`${scope}.${value.name}` === wanted) return { fullName: wanted, kind: 'an enum value', print: (p) => p.enumValue(value, [...path, 2, i], 0) };
  }
  return undefined;
}

function extensionFound(field: descriptor.IFieldDescriptorProto, scope: string, path: number[], index: number, fullName: string): Found {
  return { fullName, kind: 'an extension', print: (p) => p.extend([field], scope, path, 0, [index]) };
}

function locate(exported: ExportedFile, wanted: string): Found | undefined {
  const { file } = exported;
  const pkg = file.package ?? '';
  const scoped = (name: string | null | undefined) => (pkg ? `${pkg}.${name}` : `${name}`);
  for (const [i, message] of (file.messageType ?? []).entries()) {
    const found = inMessage({ ...message }, pkg, [4, i], wanted);
    if (found) return found;
  }
  for (const [i, e] of (file.enumType ?? []).entries()) {
    const found = inEnum(e, pkg, [5, i], wanted);
    if (found) return found;
  }
  for (const [i, service] of (file.service ?? []).entries()) {
    const name = scoped(service.name);
    if (name === wanted) return { fullName: name, kind: 'a service', print: (p) => p.service(service, [6, i], 0) };
    for (const [j, method] of (service.method ?? []).entries()) {
      if (`${name}.${method.name}` === wanted) return { fullName: wanted, kind: 'a method', print: (p) => p.method(method, [6, i, 2, j], 0) };
    }
  }
  for (const [i, extension] of (file.extension ?? []).entries()) {
    if (scoped(extension.name) === wanted) return extensionFound(extension, pkg, [7], i, wanted);
  }
  return undefined;
}

/**
 * A symbol described as grpcurl's `describe` prints it: its kind, and its .proto text in protoprint's
 * compact, sorted, fully-qualified layout with doc comments. A map entry or group type is described through
 * its field, as grpcurl does.
 */
export function describeSymbolText(exporter: SchemaExporter, symbol: string, options: ProtoPrintOptions = DESCRIBE_LAYOUT): DescribedSymbol {
  const wanted = withoutLeadingDot(symbol.trim()).replace('/', '.');
  const exported = exporter.fileOfSymbol(wanted);
  const found = locate(exported, wanted) ?? fail('SYMBOL_NOT_FOUND', `Symbol not found: ${wanted}`);
  const printer = new ProtoPrinter(exported, options);
  found.print(printer);
  return { fullName: found.fullName, kind: found.kind, text: printer.w.text().replace(/\n$/, '') };
}
