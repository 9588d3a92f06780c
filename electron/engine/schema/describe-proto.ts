import protobuf from 'protobufjs';
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

function fieldLine(field: protobuf.Field, indent: string): string {
  const type = field instanceof protobuf.MapField ? `map<${field.keyType}, ${typeRef(field)}>` : typeRef(field);
  const proto3Optional = field.options?.proto3_optional === true;
  const label = field.repeated && !(field instanceof protobuf.MapField) ? 'repeated ' : proto3Optional ? 'optional ' : field.required ? 'required ' : '';
  return `${comment(field.comment, indent)}${indent}${label}${type} ${field.name} = ${field.id};\n`;
}

function printEnum(type: protobuf.Enum, indent: string): string {
  const values = Object.entries(type.values)
    .map(([name, id]) => `${comment(type.comments[name], `${indent}  `)}${indent}  ${name} = ${id};\n`)
    .join('');
  return `${comment(type.comment, indent)}${indent}enum ${type.name} {\n${values}${indent}}\n`;
}

/** Oneofs synthesized for proto3 `optional` fields are printed as `optional`, not as a oneof. */
function realOneofs(type: protobuf.Type): protobuf.OneOf[] {
  return type.oneofsArray.filter((oneof) => !(oneof.fieldsArray.length === 1 && oneof.fieldsArray[0]?.options?.proto3_optional));
}

function printOneof(oneof: protobuf.OneOf, indent: string): string {
  const fields = oneof.fieldsArray.map((f) => fieldLine(f, `${indent}  `)).join('');
  return `${comment(oneof.comment, indent)}${indent}oneof ${oneof.name} {\n${fields}${indent}}\n`;
}

/** Fields in declaration order; a oneof is printed whole where its first field stands, as in the source. */
function printMessage(type: protobuf.Type, indent: string): string {
  const inner = `${indent}  `;
  const oneofOf = new Map(realOneofs(type).flatMap((oneof) => oneof.fieldsArray.map((field) => [field, oneof] as const)));
  const printed = new Set<protobuf.OneOf>();
  let body = '';
  for (const field of type.fieldsArray) {
    const oneof = oneofOf.get(field);
    if (!oneof) body += fieldLine(field, inner);
    else if (!printed.has(oneof)) {
      printed.add(oneof);
      body += printOneof(oneof, inner);
    }
  }
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
