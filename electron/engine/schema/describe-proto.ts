import protobuf from 'protobufjs';
import { editionOf } from './edition-of';
import { MAX_ENUM_NUMBER, MAX_FIELD_NUMBER, quoteOptionString, rangeText } from './export-proto-writer';
import { utf8Encode } from '../codec/message-tree';
import type { SchemaRegistry } from './schema-registry';
import { withoutLeadingDot } from '../codec/well-known';

function comment(text: string | null | undefined, indent: string): string {
  if (!text) return '';
  return text.split('\n').map((line) => `${indent}// ${line}`.trimEnd()).join('\n') + '\n';
}

function typeRef(field: protobuf.Field): string {
  const resolved = field.resolvedType;
  return resolved ? withoutLeadingDot(resolved.fullName) : field.type;
}

function label(field: protobuf.Field, inOneof: boolean): string {
  if (field instanceof protobuf.MapField) return '';
  if (field.repeated) return 'repeated ';
  if (field.required) return 'required ';
  if (field.options?.proto3_optional === true) return 'optional ';
  // proto2 spells out a singular field's label; a oneof's fields have none.
  return !inOneof && editionOf(field) === 'proto2' ? 'optional ' : '';
}

function fieldLine(field: protobuf.Field, indent: string, inOneof = false): string {
  const type = field instanceof protobuf.MapField ? `map<${field.keyType}, ${typeRef(field)}>` : typeRef(field);
  return `${comment(field.comment, indent)}${indent}${label(field, inOneof)}${type} ${field.name} = ${field.id};\n`;
}

/** A range as .proto writes it (protobufjs keeps each range's end inclusive, as the source does). */
const range = ([start, end]: number[], max: number): string => rangeText(start!, end!, max);

/** `extensions 100 to 199;`, as declared. */
function extensionRanges(type: protobuf.Type, indent: string): string {
  return type.extensions?.length ? `${indent}extensions ${type.extensions.map((r) => range(r, MAX_FIELD_NUMBER)).join(', ')};\n` : '';
}

/**
 * `reserved 2, 15 to 20;` and `reserved "old";`: protobufjs keeps both in one list. Editions spell reserved
 * names as identifiers, proto2 and proto3 as strings.
 */
function reservedLines(type: protobuf.Type | protobuf.Enum, indent: string, max: number): string {
  const reserved = type.reserved ?? [];
  const ranges = reserved.filter((item): item is number[] => Array.isArray(item));
  const names = reserved.filter((item): item is string => typeof item === 'string');
  const edition = editionOf(type);
  const quoted = edition === 'proto2' || edition === 'proto3';
  let text = ranges.length > 0 ? `${indent}reserved ${ranges.map((r) => range(r, max)).join(', ')};\n` : '';
  if (names.length > 0) text += `${indent}reserved ${names.map((name) => (quoted ? quoteOptionString(utf8Encode(name)) : name)).join(', ')};\n`;
  return text;
}

function printEnum(type: protobuf.Enum, indent: string): string {
  const values = Object.entries(type.values)
    .map(([name, id]) => `${comment(type.comments[name], `${indent}  `)}${indent}  ${name} = ${id};\n`)
    .join('');
  const reserved = reservedLines(type, `${indent}  `, MAX_ENUM_NUMBER);
  return `${comment(type.comment, indent)}${indent}enum ${type.name} {\n${values}${reserved}${indent}}\n`;
}

/** Oneofs synthesized for proto3 `optional` fields are printed as `optional`, not as a oneof. */
function realOneofs(type: protobuf.Type): protobuf.OneOf[] {
  return type.oneofsArray.filter((oneof) => !(oneof.fieldsArray.length === 1 && oneof.fieldsArray[0]?.options?.proto3_optional));
}

function printOneof(oneof: protobuf.OneOf, indent: string): string {
  const fields = oneof.fieldsArray.map((f) => fieldLine(f, `${indent}  `, true)).join('');
  return `${comment(oneof.comment, indent)}${indent}oneof ${oneof.name} {\n${fields}${indent}}\n`;
}

/**
 * Fields in declaration order; a oneof is printed whole where its first field stands, as in the source. The
 * fields other messages' `extend` blocks add (protobufjs puts a copy in the extended message, named by its
 * full name) belong to those blocks, not here; the message shows its extension ranges. Then what is
 * reserved, then the nested types.
 */
function printMessage(type: protobuf.Type, indent: string): string {
  const inner = `${indent}  `;
  const oneofOf = new Map(realOneofs(type).flatMap((oneof) => oneof.fieldsArray.map((field) => [field, oneof] as const)));
  const printed = new Set<protobuf.OneOf>();
  let body = '';
  for (const field of type.fieldsArray) {
    if (field.declaringField) continue;
    const oneof = oneofOf.get(field);
    if (!oneof) body += fieldLine(field, inner);
    else if (!printed.has(oneof)) {
      printed.add(oneof);
      body += printOneof(oneof, inner);
    }
  }
  body += extensionRanges(type, inner);
  body += reservedLines(type, inner, MAX_FIELD_NUMBER);
  for (const nested of type.nestedArray) {
    if (nested instanceof protobuf.Type) body += printMessage(nested, inner);
    else if (nested instanceof protobuf.Enum) body += printEnum(nested, inner);
  }
  return `${comment(type.comment, indent)}${indent}message ${type.name} {\n${body}${indent}}\n`;
}

function printMethod(method: protobuf.Method, indent: string): string {
  method.resolve();
  const request = `${method.requestStream ? 'stream ' : ''}${withoutLeadingDot(method.resolvedRequestType?.fullName ?? method.requestType)}`;
  const response = `${method.responseStream ? 'stream ' : ''}${withoutLeadingDot(method.resolvedResponseType?.fullName ?? method.responseType)}`;
  return `${comment(method.comment, indent)}${indent}rpc ${method.name}(${request}) returns (${response});\n`;
}

function printService(service: protobuf.Service): string {
  return `${comment(service.comment, '')}service ${service.name} {\n${service.methodsArray.map((m) => printMethod(m, '  ')).join('')}}\n`;
}

/** A service, method, message or enum in .proto syntax with its comments, headed by its full name. */
export function describeSymbol(registry: SchemaRegistry, name: string): string {
  const symbol = registry.findSymbol(name);
  const header = `// ${withoutLeadingDot(symbol.fullName)}${symbol.filename ? ` (${symbol.filename})` : ''}\n`;
  if (symbol instanceof protobuf.Service) return header + printService(symbol);
  if (symbol instanceof protobuf.Method) return header + printMethod(symbol, '');
  if (symbol instanceof protobuf.Type) return header + printMessage(symbol, '');
  return header + printEnum(symbol as protobuf.Enum, '');
}
