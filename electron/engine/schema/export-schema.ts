import protobuf from 'protobufjs';
import type descriptor from 'protobufjs/ext/descriptor.js';
import { fail } from '../../../shared/errors';
import { descriptorExtension } from './descriptor-extension';
import { convertFile, type ExportedFile } from './export-descriptors';
import { createFileNamer, packageOf, topLevelOf } from './export-file-names';
import type { SchemaRegistry } from './schema-registry';
import { withoutLeadingDot } from '../codec/well-known';

interface FileSource {
  pkg: string;
  objects: protobuf.ReflectionObject[];
}

function isTopLevel(object: protobuf.ReflectionObject): boolean {
  return object instanceof protobuf.Type || object instanceof protobuf.Enum || object instanceof protobuf.Service ||
    (object instanceof protobuf.Field && object.extend !== undefined);
}

/** Every file of a schema and the objects each defines, grouped as they will be exported. */
function groupByFile(root: protobuf.Root, fileOf: (object: protobuf.ReflectionObject) => string): Map<string, FileSource> {
  const files = new Map<string, FileSource>();
  const visit = (namespace: protobuf.NamespaceBase) => {
    for (const child of namespace.nestedArray) {
      if (isTopLevel(child)) {
        const name = fileOf(child);
        const entry = files.get(name) ?? { pkg: packageOf(child), objects: [] };
        entry.objects.push(child);
        files.set(name, entry);
      } else if (child instanceof protobuf.Namespace) visit(child);
    }
  };
  visit(root);
  return files;
}

/** Every type name a file refers to (field types, extendees, method inputs and outputs). */
function referencesOf(file: descriptor.IFileDescriptorProto): string[] {
  const refs: string[] = [];
  const fields = (list: descriptor.IFieldDescriptorProto[] = []) => {
    for (const f of list) {
      if (f.typeName) refs.push(f.typeName);
      if (f.extendee) refs.push(f.extendee);
    }
  };
  const messages = (list: descriptor.IDescriptorProto[] = []) => {
    for (const m of list) {
      fields(m.field);
      fields(m.extension);
      messages(m.nestedType);
    }
  };
  messages(file.messageType);
  fields(file.extension);
  for (const service of file.service ?? []) for (const m of service.method ?? []) refs.push(m.inputType ?? '', m.outputType ?? '');
  return refs.filter(Boolean);
}

/**
 * The files of a schema as FileDescriptorProtos, built on demand from the registry. Dependency lists are
 * computed from what each file refers to, never taken from a server (which may send none).
 */
export class SchemaExporter {
  private readonly fileOf = createFileNamer();
  private readonly sources: Map<string, FileSource>;
  private readonly converted = new Map<string, ExportedFile>();

  constructor(private readonly registry: SchemaRegistry) {
    this.sources = groupByFile(registry.root, this.fileOf);
  }

  /**
   * The file that defines a symbol. A method or field counts as its service or message; an enum value as
   * its enum and a map entry type as its message (neither is a reflection object of its own).
   */
  fileOfSymbol(symbol: string): ExportedFile {
    const name = withoutLeadingDot(symbol.trim()).replace('/', '.');
    const object = this.lookup(name) ?? this.enumOfValue(name) ?? this.lookup(name.slice(0, name.lastIndexOf('.')));
    if (!object || !isTopLevel(topLevelOf(object))) return fail('SYMBOL_NOT_FOUND', `Symbol not found: ${name}`);
    return this.file(this.fileOf(object));
  }

  private lookup(name: string): protobuf.ReflectionObject | undefined {
    const object = name ? this.registry.root.lookup(`.${name}`) : null;
    return object && !(object instanceof protobuf.Root) ? object : undefined;
  }

  private enumOfValue(name: string): protobuf.Enum | undefined {
    const scope = name.slice(0, name.lastIndexOf('.'));
    const value = name.slice(name.lastIndexOf('.') + 1);
    const parent = scope ? this.registry.root.lookup(`.${scope}`) : this.registry.root;
    if (!(parent instanceof protobuf.Namespace) && !(parent instanceof protobuf.Type)) return undefined;
    return parent.nestedArray.find((child): child is protobuf.Enum => child instanceof protobuf.Enum && value in child.values);
  }

  file(name: string): ExportedFile {
    const cached = this.converted.get(name);
    if (cached) return cached;
    const source = this.sources.get(name) ?? fail('SYMBOL_NOT_FOUND', `no file ${name} in the schema`);
    const exported = convertFile(name, source.pkg, source.objects);
    const dependencies = new Set<string>();
    for (const ref of referencesOf(exported.file)) {
      const target = this.registry.root.lookup(ref);
      const file = target ? this.fileOf(target) : undefined;
      if (file && file !== name) dependencies.add(file);
    }
    if (dependencies.size > 0) exported.file.dependency = [...dependencies].sort();
    this.converted.set(name, exported);
    return exported;
  }

  /** The files defining `symbols` and everything they import, each after its dependencies (as grpcurl writes them). */
  filesFor(symbols: readonly string[]): ExportedFile[] {
    return this.withDependencies(symbols.map((symbol) => this.fileOfSymbol(symbol)));
  }

  /** `files` and everything they import, each once and after its dependencies. */
  withDependencies(files: readonly ExportedFile[]): ExportedFile[] {
    const ordered: ExportedFile[] = [];
    const seen = new Set<string>();
    const add = (file: ExportedFile) => {
      const name = file.file.name!;
      if (seen.has(name)) return;
      seen.add(name);
      for (const dependency of file.file.dependency ?? []) add(this.file(dependency));
      ordered.push(file);
    };
    for (const file of files) add(file);
    return ordered;
  }
}

/** A FileDescriptorSet of the given files, as `protoc -o --include_imports` writes one. */
export function encodeFileDescriptorSet(files: readonly ExportedFile[]): Uint8Array {
  const { FileDescriptorSet } = descriptorExtension();
  return FileDescriptorSet.encode(FileDescriptorSet.fromObject({ file: files.map((f) => f.file) })).finish();
}
