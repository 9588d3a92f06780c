import protobuf from 'protobufjs';
import type descriptor from 'protobufjs/ext/descriptor.js';
import { fail } from '../../../shared/errors';
import { addBuiltins, addDescriptorTypes } from './base-root';
import { builtinSchema } from './builtin-schema';
import { descriptorExtension } from './descriptor-extension';
import { applySourceComments, markSyntheticOneofs } from './descriptor-fixups';
import { markFieldsWithoutJsonName } from './descriptor-json-names';
import { stampDescriptorFileNames } from './export-file-names';
import { servicesOfDescriptors } from './descriptor-services';
import { SchemaRegistry, type DeferredRoot, type FetchSymbol } from './schema-registry';
import { withoutLeadingDot } from '../codec/well-known';
import type { FileDescriptor } from './descriptor-set-decode';

/** Every fully-qualified type name a file defines, nested ones included. */
function definedNames(file: FileDescriptor): string[] {
  const names: string[] = [];
  const prefix = file.package ? `${file.package}.` : '';
  const visit = (scope: string, messages: descriptor.IDescriptorProto[] = [], enums: descriptor.IEnumDescriptorProto[] = []) => {
    for (const e of enums) names.push(`${scope}${e.name}`);
    for (const m of messages) {
      names.push(`${scope}${m.name}`);
      visit(`${scope}${m.name}.`, m.nestedType ?? [], m.enumType ?? []);
    }
  };
  visit(prefix, file.messageType ?? [], file.enumType ?? []);
  return names;
}

/** The full names of a file's services. */
function serviceNames(file: FileDescriptor): string[] {
  const prefix = file.package ? `${file.package}.` : '';
  return (file.service ?? []).map((service) => `${prefix}${service.name}`);
}

/** Whether the files define `name`, as a type or a service. */
export function definesSymbol(files: readonly FileDescriptor[], name: string): boolean {
  return files.some((file) => serviceNames(file).includes(name) || definedNames(file).includes(name));
}

/** Every type name the files define. */
const namesOf = (files: readonly FileDescriptor[]): Set<string> => new Set(files.flatMap(definedNames));

/**
 * Type names a file refers to, each with the scope it is written in (non-canonical servers send relative names):
 * field types, method types and what extensions extend (a custom option extends descriptor.proto's types,
 * which servers with empty dependency lists leave out).
 */
function references(file: FileDescriptor): Array<{ name: string; scope: string }> {
  const refs: Array<{ name: string; scope: string }> = [];
  const pkg = file.package ?? '';
  const fields = (scope: string, list: descriptor.IFieldDescriptorProto[] = []) => {
    for (const field of list) {
      if (field.typeName) refs.push({ name: field.typeName, scope });
      if (field.extendee) refs.push({ name: field.extendee, scope });
    }
  };
  const visit = (scope: string, messages: descriptor.IDescriptorProto[] = []) => {
    for (const m of messages) {
      const inner = scope ? `${scope}.${m.name}` : `${m.name}`;
      fields(inner, m.field);
      fields(inner, m.extension);
      visit(inner, m.nestedType ?? []);
    }
  };
  fields(pkg, file.extension);
  visit(pkg, file.messageType ?? []);
  for (const service of file.service ?? []) {
    for (const method of service.method ?? []) {
      if (method.inputType) refs.push({ name: method.inputType, scope: pkg });
      if (method.outputType) refs.push({ name: method.outputType, scope: pkg });
    }
  }
  return refs;
}

/** Resolves a reference as protoc does: innermost scope first, then outwards. */
function resolveReference(name: string, scope: string, defined: ReadonlySet<string>): string | undefined {
  if (name.startsWith('.')) {
    const full = name.slice(1);
    return defined.has(full) ? full : undefined;
  }
  const parts = scope ? scope.split('.') : [];
  for (let i = parts.length; i >= 0; i--) {
    const candidate = [...parts.slice(0, i), name].join('.');
    if (defined.has(candidate)) return candidate;
  }
  return undefined;
}

/** References that none of the files define (`defined`: every name they do), with the file that makes each. */
function unresolvedReferences(files: readonly FileDescriptor[], defined: ReadonlySet<string>): Array<{ name: string; file: string }> {
  return files.flatMap((file) =>
    references(file)
      .filter(({ name, scope }) => !resolveReference(name, scope, defined))
      .map(({ name }) => ({ name: withoutLeadingDot(name), file: file.name ?? '(unnamed file)' })),
  );
}

/** For each unresolved reference, every full name it could mean (innermost scope first): what to ask a server for. */
export function unresolvedCandidates(files: readonly FileDescriptor[]): string[] {
  const defined = namesOf(files);
  const candidates = files.flatMap((file) =>
    references(file)
      .filter(({ name, scope }) => !resolveReference(name, scope, defined))
      .flatMap(({ name, scope }) => {
        if (name.startsWith('.')) return [withoutLeadingDot(name)];
        const parts = scope ? scope.split('.') : [];
        return parts.map((_, i) => [...parts.slice(0, parts.length - i), name].join('.')).concat(name);
      }),
  );
  return [...new Set(candidates)];
}

/**
 * The files with the built-in ones added for well-known names they reference without defining, and every
 * name the result defines; fails on any reference still unresolved then. `defined`: the names `files`
 * define, when the caller has them. A complete set (protoc --include_imports) is checked once.
 */
function checkedWithBuiltins(files: readonly FileDescriptor[], defined = namesOf(files)): { complete: FileDescriptor[]; defined: Set<string> } {
  const missing = new Set(unresolvedReferences(files, defined).map((ref) => ref.name));
  if (missing.size === 0) return { complete: [...files], defined };
  // A built-in package's file, less what the files define already (a server may send some of its files).
  const extra = builtinSchema().descriptors.filter((file) => definedNames(file).some((name) => missing.has(name))).map((file) => withoutDefined(file, defined));
  const complete = [...extra, ...files];
  const all = new Set([...defined, ...namesOf(extra)]);
  failUnresolved(complete, all);
  return { complete, defined: all };
}

function withoutDefined(file: FileDescriptor, defined: ReadonlySet<string>): FileDescriptor {
  const fresh = (name: string | null | undefined) => !defined.has(file.package ? `${file.package}.${name}` : `${name}`);
  return { ...file, messageType: file.messageType?.filter((m) => fresh(m.name)), enumType: file.enumType?.filter((e) => fresh(e.name)) };
}

function failUnresolved(files: readonly FileDescriptor[], defined: ReadonlySet<string>): void {
  const [first, ...others] = unresolvedReferences(files, defined);
  if (!first) return;
  const more = others.length > 0 ? ` (and ${others.length} more unresolved reference${others.length === 1 ? '' : 's'})` : '';
  fail('SCHEMA_ERROR', `${first.file} refers to ${first.name}, which no file in the schema defines${more}`, {
    file: first.file,
    hint: 'build the descriptor set with --include_imports, or add the missing files',
  });
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

interface PreparedFiles {
  /** The files given, one per name, synthetic oneofs marked. */
  unique: FileDescriptor[];
  /** `unique` with the built-in files it needs: every reference resolves. */
  complete: FileDescriptor[];
  /** Every type name `complete` defines. */
  defined: Set<string>;
}

/**
 * Names that stay unresolved are an error naming them and the file that needs them. `names` gives the type
 * names the files define (and may refuse them).
 */
function prepared(files: readonly FileDescriptor[], names: (files: readonly FileDescriptor[]) => Set<string> = namesOf): PreparedFiles {
  const unique = [...new Map(files.map((file) => [file.name ?? JSON.stringify(definedNames(file)), file])).values()].map(markSyntheticOneofs);
  return { unique, ...checkedWithBuiltins(unique, names(unique)) };
}

function rootOf({ unique, complete }: PreparedFiles): protobuf.Root {
  let root: protobuf.Root;
  descriptorExtension(); // installs Root.fromDescriptor
  try {
    root = protobuf.Root.fromDescriptor({ file: complete }, { keepCase: true });
  } catch (error) {
    return fail('SCHEMA_ERROR', `cannot use the descriptors: ${reason(error)}`);
  }
  addBuiltins(root).resolveAll();
  for (const file of unique) applySourceComments(root, file);
  stampDescriptorFileNames(root, unique);
  markFieldsWithoutJsonName(root, unique);
  return root;
}

/**
 * One registry from FileDescriptorProtos (reflection answers). `fetchSymbol` lets the registry ask a server
 * later for types it meets only inside `Any` (see `SchemaRegistry.ensureType`).
 */
export function registryFromFileDescriptors(files: readonly FileDescriptor[], reflectionVersion?: 'v1' | 'v1alpha', fetchSymbol?: FetchSymbol): SchemaRegistry {
  return new SchemaRegistry(rootOf(prepared(files)), reflectionVersion, fetchSymbol);
}

/**
 * Descriptor files (a descriptor set) checked now and listed from the descriptors, their types built on first
 * use: `ferry list --protoset` on googleapis spent four fifths of its time building types it never showed.
 * A name defined twice fails here too, which building the types would otherwise be first to find.
 */
export function deferredRootOfFileDescriptors(files: readonly FileDescriptor[]): DeferredRoot {
  const ready = prepared(files, definedOnce);
  const services = servicesOfDescriptors(ready.unique, (name, scope) => resolveReference(name, scope, ready.defined));
  return { services, build: () => rootOf(ready) };
}

/** Every type name the files define; fails on a name (a type's or a service's) defined in two files, as protoc does. */
function definedOnce(files: readonly FileDescriptor[]): Set<string> {
  const owners = new Map<string, string>();
  const types = new Set<string>();
  for (const file of files) {
    const own = definedNames(file);
    for (const name of own) types.add(name);
    for (const name of [...own, ...serviceNames(file)]) {
      const other = owners.get(name);
      if (other !== undefined) {
        const where = other === file.name ? `twice in ${other}` : `in both ${other} and ${file.name}`;
        fail('SCHEMA_ERROR', `${name} is defined ${where}`, { file: file.name ?? '(unnamed file)', hint: 'a descriptor set may define each name once' });
      }
      owners.set(name, file.name ?? '(unnamed file)');
    }
  }
  return types;
}

/**
 * Adds more files to a registry's existing root (types fetched later by symbol). Into the same root on
 * purpose: the codec resolves `Any` through `type.root`, so a type added elsewhere would stay invisible.
 * `known` are the files already in the root, so references into them count as resolved.
 */
export function addFileDescriptors(root: protobuf.Root, known: readonly FileDescriptor[], files: readonly FileDescriptor[]): void {
  const fresh = files.filter((file) => !known.some((k) => k.name === file.name)).map(markSyntheticOneofs);
  if (fresh.length === 0) return;
  // Only the check: the root already holds the built-ins, all but descriptor.proto, which a fetched file
  // may extend or name: a fetch is a round trip to the server, so it is simply added once here.
  checkedWithBuiltins([...known, ...fresh]);
  addDescriptorTypes(root);
  descriptorExtension(); // installs Type.fromDescriptor and its kin
  try {
    for (const file of fresh) {
      const edition = file.syntax === 'proto3' ? 'proto3' : 'proto2';
      const target = file.package ? root.define(file.package) : root;
      // Anything the root already has (a built-in the server also sent) is kept, not duplicated.
      const add = (object: protobuf.ReflectionObject) => target.get(object.name) ?? target.add(object);
      for (const m of file.messageType ?? []) add(protobuf.Type.fromDescriptor(m, edition));
      for (const e of file.enumType ?? []) add(protobuf.Enum.fromDescriptor(e, edition));
      for (const s of file.service ?? []) add(protobuf.Service.fromDescriptor(s, edition));
    }
    root.resolveAll();
  } catch (error) {
    fail('SCHEMA_ERROR', `cannot use the descriptors: ${reason(error)}`);
  }
  for (const file of fresh) applySourceComments(root, file);
  stampDescriptorFileNames(root, fresh);
  markFieldsWithoutJsonName(root, fresh);
}
