import protobuf from 'protobufjs';
import type descriptor from 'protobufjs/ext/descriptor.js';
import { fieldKind, protoNameOf } from '../codec/message-tree';
import { typeName } from '../codec/well-known';
import { editionOf } from './edition-of';

/**
 * Reflection objects → FileDescriptorProtos, the same whatever the schema came from (.proto files, a
 * descriptor set, a server). Every type reference is fully qualified, map fields get their entry types back,
 * proto3 `optional` its synthetic oneof, and comments are kept beside the descriptors by element path
 * (what SourceCodeInfo would carry), for the .proto printer.
 */

type Message = descriptor.IDescriptorProto;
type FieldProto = descriptor.IFieldDescriptorProto;
type EnumProto = descriptor.IEnumDescriptorProto;

export interface ExportedFile {
  file: descriptor.IFileDescriptorProto;
  /** Leading comments by element path (`4.0.2.1` = field 1 of message 0), as in SourceCodeInfo. */
  comments: Map<string, string>;
  /** Full names of the types, enums, services and extensions the file defines, nested ones included. */
  symbols: Set<string>;
}

const TYPE_NUMBERS: Readonly<Record<string, number>> = {
  double: 1, float: 2, int64: 3, uint64: 4, int32: 5, fixed64: 6, fixed32: 7, bool: 8, string: 9, group: 10,
  message: 11, bytes: 12, uint32: 13, enum: 14, sfixed32: 15, sfixed64: 16, sint32: 17, sint64: 18,
};
export const LABEL_OPTIONAL = 1;
export const LABEL_REQUIRED = 2;
export const LABEL_REPEATED = 3;

const qualified = (object: protobuf.ReflectionObject): string => `.${typeName(object)}`;

/** protoc's name for a map field's entry type: `parts_by_id` → `PartsByIdEntry`. */
export function mapEntryName(fieldName: string): string {
  return `${fieldName.replace(/(^|_)([a-z0-9])/g, (_m, _u: string, c: string) => c.toUpperCase()).replace(/_/g, '')}Entry`;
}

function isSyntheticOneof(oneof: protobuf.OneOf): boolean {
  const only = oneof.fieldsArray.length === 1 ? oneof.fieldsArray[0] : undefined;
  return Boolean(only && (only.options?.proto3_optional || (oneof as protobuf.OneOf & { isProto3Optional?: boolean }).isProto3Optional));
}

/** Real oneofs first, then the synthetic ones protoc makes for proto3 `optional`, as protoc orders them. */
function orderedOneofs(type: protobuf.Type): protobuf.OneOf[] {
  return [...type.oneofsArray.filter((o) => !isSyntheticOneof(o)), ...type.oneofsArray.filter(isSyntheticOneof)];
}

function defaultValueText(field: protobuf.Field): string | undefined {
  const value: unknown = field.options?.default;
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isNaN(value) ? 'nan' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value);
  return String(value);
}

const isProto3 = (object: protobuf.ReflectionObject): boolean => editionOf(object) === 'proto3';

class Converter {
  readonly comments = new Map<string, string>();
  readonly symbols = new Set<string>();

  comment(path: number[], text: string | null | undefined): void {
    if (text) this.comments.set(path.join('.'), text);
  }

  field(field: protobuf.FieldBase, owner: protobuf.Type | undefined, oneofs: protobuf.OneOf[], path: number[]): FieldProto {
    this.comment(path, field.comment);
    const kind = fieldKind(field);
    const proto: FieldProto = { name: protoNameOf(field), number: field.id };
    const plain = field instanceof protobuf.Field ? field : undefined;
    proto.label = field.repeated || field.map ? LABEL_REPEATED : plain?.required ? LABEL_REQUIRED : LABEL_OPTIONAL;
    if (field instanceof protobuf.MapField) {
      proto.type = TYPE_NUMBERS.message;
      proto.typeName = `${qualified(owner!)}.${mapEntryName(protoNameOf(field))}`;
    } else {
      proto.type = TYPE_NUMBERS[kind];
      if (field.resolvedType) proto.typeName = qualified(field.resolvedType);
    }
    if (field.extensionField) proto.extendee = qualified(field.extensionField.parent!);
    const defaultValue = plain && !isProto3(field) ? defaultValueText(plain) : undefined;
    if (defaultValue !== undefined) proto.defaultValue = defaultValue;
    if (field.partOf) proto.oneofIndex = oneofs.indexOf(field.partOf);
    if (field.partOf && isSyntheticOneof(field.partOf)) proto.proto3Optional = true;
    proto.jsonName = field.jsonName ?? protoNameOf(field);
    const options: descriptor.IFieldOptions & { deprecated?: boolean } = {};
    if (field.options?.packed !== undefined) options.packed = Boolean(field.options.packed);
    if (field.options?.deprecated) options.deprecated = true;
    if (Object.keys(options).length > 0) proto.options = options;
    return proto;
  }

  mapEntry(field: protobuf.MapField): Message {
    const valueField: FieldProto = { name: 'value', number: 2, label: LABEL_OPTIONAL, type: TYPE_NUMBERS[fieldKind(field)]!, jsonName: 'value' };
    if (field.resolvedType) valueField.typeName = qualified(field.resolvedType);
    return {
      name: mapEntryName(protoNameOf(field)),
      field: [{ name: 'key', number: 1, label: LABEL_OPTIONAL, type: TYPE_NUMBERS[field.keyType]!, jsonName: 'key' }, valueField],
      options: { mapEntry: true },
    };
  }

  message(type: protobuf.Type, path: number[]): Message {
    this.symbols.add(typeName(type));
    this.comment(path, type.comment);
    const oneofs = orderedOneofs(type);
    const own = type.fieldsArray.filter((f) => !f.name.startsWith('.'));
    const nestedTypes = type.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
    const nestedEnums = type.nestedArray.filter((n): n is protobuf.Enum => n instanceof protobuf.Enum);
    const extensions = type.nestedArray.filter((n): n is protobuf.Field => n instanceof protobuf.Field && n.extend !== undefined);
    const message: Message = {
      name: type.name,
      field: own.map((f, i) => this.field(f, type, oneofs, [...path, 2, i])),
      nestedType: [
        ...nestedTypes.map((n, i) => this.message(n, [...path, 3, i])),
        ...own.filter((f): f is protobuf.Field & protobuf.MapField => f instanceof protobuf.MapField).map((f) => this.mapEntry(f)),
      ],
      enumType: nestedEnums.map((e, i) => this.enum(e, [...path, 4, i])),
      extension: extensions.map((e, i) => this.extension(e, [...path, 6, i])),
      oneofDecl: oneofs.map((o, i) => {
        this.comment([...path, 8, i], o.comment);
        return { name: o.name };
      }),
    };
    const ranges = (type.extensions ?? []).map(([start = 0, end]) => ({ start, end: (end ?? start) + 1 }));
    if (ranges.length > 0) message.extensionRange = ranges;
    const reserved = type.reserved ?? [];
    const reservedRanges = reserved.filter((r): r is number[] => Array.isArray(r)).map(([start, end]) => ({ start: start!, end: end! + 1 }));
    const reservedNames = reserved.filter((r): r is string => typeof r === 'string');
    if (reservedRanges.length > 0) message.reservedRange = reservedRanges;
    if (reservedNames.length > 0) message.reservedName = reservedNames;
    if (type.options?.deprecated) message.options = { deprecated: true } as descriptor.IMessageOptions;
    return message;
  }

  extension(field: protobuf.Field, path: number[]): FieldProto {
    this.symbols.add(typeName(field));
    return this.field(field, undefined, [], path);
  }

  enum(type: protobuf.Enum, path: number[]): EnumProto {
    this.symbols.add(typeName(type));
    this.comment(path, type.comment);
    const proto: EnumProto = {
      name: type.name,
      value: Object.entries(type.values).map(([name, number], i) => {
        this.comment([...path, 2, i], type.comments[name]);
        return { name, number };
      }),
    };
    const reserved = type.reserved ?? [];
    const ranges = reserved.filter((r): r is number[] => Array.isArray(r)).map(([start, end]) => ({ start: start!, end: end! }));
    if (ranges.length > 0) (proto as EnumProto & { reservedRange?: unknown }).reservedRange = ranges;
    const names = reserved.filter((r): r is string => typeof r === 'string');
    if (names.length > 0) (proto as EnumProto & { reservedName?: string[] }).reservedName = names;
    if (type.options?.allow_alias) proto.options = { allowAlias: true } as descriptor.IEnumOptions;
    return proto;
  }

  service(service: protobuf.Service, path: number[]): descriptor.IServiceDescriptorProto {
    this.symbols.add(typeName(service));
    this.comment(path, service.comment);
    return {
      name: service.name,
      method: service.methodsArray.map((method, i) => {
        method.resolve();
        this.comment([...path, 2, i], method.comment);
        const proto: descriptor.IMethodDescriptorProto = {
          name: method.name,
          inputType: qualified(method.resolvedRequestType!),
          outputType: qualified(method.resolvedResponseType!),
        };
        if (method.requestStream) proto.clientStreaming = true;
        if (method.responseStream) proto.serverStreaming = true;
        return proto;
      }),
    };
  }
}

/** One file from its top-level objects (all in one package), without its dependency list. */
export function convertFile(name: string, pkg: string, objects: readonly protobuf.ReflectionObject[]): ExportedFile {
  const converter = new Converter();
  const types = objects.filter((o): o is protobuf.Type => o instanceof protobuf.Type);
  const enums = objects.filter((o): o is protobuf.Enum => o instanceof protobuf.Enum);
  const services = objects.filter((o): o is protobuf.Service => o instanceof protobuf.Service);
  const extensions = objects.filter((o): o is protobuf.Field => o instanceof protobuf.Field);
  const file: descriptor.IFileDescriptorProto = {
    name,
    messageType: types.map((t, i) => converter.message(t, [4, i])),
    enumType: enums.map((e, i) => converter.enum(e, [5, i])),
    service: services.map((s, i) => converter.service(s, [6, i])),
    extension: extensions.map((e, i) => converter.extension(e, [7, i])),
  };
  if (pkg) file.package = pkg;
  const proto3 = name.startsWith('google/protobuf/') ? name !== 'google/protobuf/descriptor.proto' : objects.some(isProto3);
  if (proto3) file.syntax = 'proto3';
  return { file, comments: converter.comments, symbols: converter.symbols };
}
