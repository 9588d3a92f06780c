import type descriptor from 'protobufjs/ext/descriptor.js';
import { utf8Encode } from '../codec/message-tree';
import type { ExportedFile } from './export-descriptors';
import { bodyItems, sortItems, type Item, type Message } from './export-proto-items';
import { defaultJsonName, goFixed6, goQuote, MAX_ENUM_NUMBER, MAX_FIELD_NUMBER, ProtoWriter, quoteOptionString, rangeText } from './export-proto-writer';
import { withoutLeadingDot } from '../codec/well-known';
import { byCodeUnits } from '../../../shared/util';

type Field = descriptor.IFieldDescriptorProto;
type Enum = descriptor.IEnumDescriptorProto;

/**
 * .proto text from FileDescriptorProtos, laid out as jhump/protoreflect's protoprint does: grpcurl prints
 * `describe` with `{Compact, SortElements, ForceFullyQualifiedNames, doc comments only}` and writes
 * -proto-out-dir files with the default printer (blank lines between elements, declaration order).
 */
export interface ProtoPrintOptions {
  compact: boolean;
  sortElements: boolean;
  fullyQualifiedNames: boolean;
  /** Whether a full name exists in the schema (packages included), to keep relative names unambiguous. */
  isDefined?: (fullName: string) => boolean;
}

export const DESCRIBE_LAYOUT: ProtoPrintOptions = { compact: true, sortElements: true, fullyQualifiedNames: true };

const SCALARS = ['', 'double', 'float', 'int64', 'uint64', 'int32', 'fixed64', 'fixed32', 'bool', 'string', 'group', 'message', 'bytes', 'uint32', 'enum', 'sfixed32', 'sfixed64', 'sint32', 'sint64'];
const TYPE_GROUP = 10;
const TYPE_ENUM = 14;
const LABELS = ['', 'optional', 'required', 'repeated'];

const isSet = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

export class ProtoPrinter {
  readonly w = new ProtoWriter();
  private readonly pkg: string;
  private readonly proto3: boolean;

  constructor(private readonly exported: ExportedFile, private readonly options: ProtoPrintOptions) {
    this.pkg = exported.file.package ?? '';
    this.proto3 = exported.file.syntax === 'proto3';
  }

  private newLine(): void {
    if (!this.options.compact) this.w.write('\n');
  }

  private indent(depth: number): void {
    for (let i = 0; i < depth; i++) this.w.write('  ');
  }

  private endLine(): void {
    if (!this.w.newline) this.w.write('\n');
  }

  /** Leading comments (the only ones the schema keeps), one `//` line each. */
  private comment(path: readonly number[], depth: number): void {
    const text = this.exported.comments.get(path.join('.'));
    if (!text) return;
    const lines = text.split('\n').map((line) => (line ? ` ${line}` : ''));
    while (lines[0] === '') lines.shift();
    while (lines.at(-1) === '') lines.pop();
    for (const line of lines) {
      this.indent(depth);
      this.w.write(`//${line.trimEnd()}\n`);
    }
  }

  /** protoprint's qualifyName, keeping a short name only when protoc would resolve it to the same type. */
  qualify(scope: string, reference: string): string {
    const fqn = withoutLeadingDot(reference);
    if (this.options.fullyQualifiedNames) return `.${fqn}`;
    let prefix = scope ? `${scope}.` : '';
    let relative = fqn;
    while (prefix) {
      if (fqn.startsWith(prefix)) {
        relative = fqn.slice(prefix.length);
        break;
      }
      if (prefix === `${this.pkg}.`) break;
      prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('.') + 1);
    }
    return this.resolvesTo(scope, relative) === fqn ? relative : `.${fqn}`;
  }

  /** protoc's lookup: the first part of the name in the innermost enclosing scope that defines it. */
  private resolvesTo(scope: string, relative: string): string | undefined {
    const { isDefined } = this.options;
    if (!isDefined) return undefined;
    const first = relative.split('.')[0]!;
    const parts = scope ? scope.split('.') : [];
    for (let i = parts.length; i >= 0; i--) {
      const outer = parts.slice(0, i).join('.');
      if (isDefined(outer ? `${outer}.${first}` : first)) return outer ? `${outer}.${relative}` : relative;
    }
    return undefined;
  }

  private typeString(field: Field, scope: string, parent: Message | undefined): string {
    const entry = mapEntryOf(field, scope, parent);
    if (entry) return `map<${this.typeString(entry.field![0]!, scope, undefined)}, ${this.typeString(entry.field![1]!, scope, undefined)}>`;
    if (field.type === TYPE_GROUP) return withoutLeadingDot(field.typeName!).split('.').pop()!;
    if (field.typeName) return this.qualify(scope, field.typeName);
    return SCALARS[field.type ?? 0] ?? 'bytes';
  }

  private optionValue(field: Field, value: string): string {
    if (field.type === TYPE_ENUM) return value;
    const type = SCALARS[field.type ?? 0];
    if (type === 'string' || type === 'bytes') return quoteOptionString(utf8Encode(value));
    if (type === 'float' || type === 'double') return /^-?(inf|nan)$/.test(value) ? value : goFixed6(Number(value));
    return value;
  }

  /** `[default = 1, json_name = "x"]`, one option per line when more than three or longer than 50 characters. */
  private shortOptions(pairs: Array<[string, string]>, depth: number): void {
    if (pairs.length === 0) return;
    const sorted = [...pairs].sort(([a], [b]) => byCodeUnits(a, b));
    const inline = sorted.map(([name, value]) => `${name} = ${value}`).join(', ');
    if (sorted.length <= 3 && inline.length <= 50) return this.w.write(`[${inline}] `);
    this.w.write('[\n');
    sorted.forEach(([name, value], i) => {
      this.indent(depth + 1);
      this.w.write(`${name} = ${value}${i < sorted.length - 1 ? ',' : ''}\n`);
    });
    this.indent(depth);
    this.w.write('] ');
  }

  field(field: Field, scope: string, path: readonly number[], depth: number, parent: Message | undefined): void {
    const group = field.type === TYPE_GROUP ? parent?.nestedType?.find((m) => `${scope}.${m.name}` === withoutLeadingDot(field.typeName!)) : undefined;
    const groupPath = group ? [...path.slice(0, -2), 3, parent!.nestedType!.indexOf(group)] : undefined;
    this.comment(groupPath ?? path, depth);
    this.indent(depth);
    const inRealOneof = isSet(field.oneofIndex) && !field.proto3Optional;
    if (field.proto3Optional || (!mapEntryOf(field, scope, parent) && !inRealOneof && (field.label !== 1 || !this.proto3))) this.w.write(`${LABELS[field.label ?? 1]} `);
    if (group) this.w.write('group ');
    this.w.write(`${this.typeString(field, scope, parent)} `);
    if (!group) this.w.write(`${field.name} `);
    this.w.write('= ');
    this.w.write(`${field.number} `);
    const pairs: Array<[string, string]> = [];
    if (!this.proto3 && isSet(field.defaultValue)) pairs.push(['default', this.optionValue(field, field.defaultValue)]);
    if (field.jsonName && field.jsonName !== defaultJsonName(field.name ?? '')) pairs.push(['json_name', goQuote(field.jsonName)]);
    const options = (field.options ?? {}) as { packed?: boolean | null; deprecated?: boolean | null };
    if (options.deprecated) pairs.push(['deprecated', 'true']);
    if (isSet(options.packed)) pairs.push(['packed', String(options.packed)]);
    this.shortOptions(pairs, depth);
    if (group) {
      this.w.write('{\n');
      this.messageBody(group, `${scope}.${group.name}`, groupPath!, depth + 1);
      this.indent(depth);
      this.w.write('}\n');
    } else this.w.write(';');
    this.endLine();
  }

  message(message: Message, scope: string, path: readonly number[], depth: number): void {
    this.comment(path, depth);
    this.indent(depth);
    this.w.write(`message ${message.name} `);
    this.w.write('{\n');
    this.messageBody(message, scope, path, depth + 1);
    this.indent(depth);
    this.w.write('}\n');
  }

  private messageBody(message: Message, scope: string, path: readonly number[], depth: number): void {
    const items = sortItems(bodyItems(message, scope), this.options.sortElements);
    const printedOneofs = new Set<number>();
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.kind === 'field' && isSet(item.field.oneofIndex) && !item.field.proto3Optional && printedOneofs.has(item.field.oneofIndex)) continue;
      if (item.kind === 'nested' && item.hidden) continue;
      if (i > 0) this.newLine();
      i += this.item(message, items, i, scope, path, depth, printedOneofs);
    }
  }

  /** Prints one element (or a run of them); returns how many following elements it also printed. */
  private item(message: Message, items: readonly Item[], at: number, scope: string, path: readonly number[], depth: number, printedOneofs: Set<number>): number {
    const item = items[at]!;
    const run = (kind: Item['kind']) => {
      let end = at;
      while (end + 1 < items.length && items[end + 1]!.kind === kind) end++;
      return items.slice(at, end + 1);
    };
    switch (item.kind) {
      case 'option':
        this.indent(depth);
        this.w.write(`option ${item.name} = ${item.value};\n`);
        return 0;
      case 'field': {
        const oneof = item.field.oneofIndex;
        if (!isSet(oneof) || item.field.proto3Optional) {
          this.field(item.field, scope, [...path, 2, item.index], depth, message);
          return 0;
        }
        printedOneofs.add(oneof);
        const members = items.slice(at).flatMap((i) => (i.kind === 'field' && i.field.oneofIndex === oneof ? [{ field: i.field, index: i.index }] : []));
        this.oneof(message, members, oneof, scope, path, depth);
        return 0;
      }
      case 'nested':
        this.message(item.message, `${scope}.${item.message.name}`, [...path, 3, item.index], depth);
        return 0;
      case 'enum':
        this.enum(item.enum, [...path, 4, item.index], depth);
        return 0;
      case 'extension': {
        const group = run('extension').filter((i) => i.kind === 'extension' && i.field.extendee === item.field.extendee);
        this.extend(group.map((i) => (i as Extract<Item, { kind: 'extension' }>).field), scope, [...path, 6], depth, group.map((i) => (i as Extract<Item, { kind: 'extension' }>).index));
        return group.length - 1;
      }
      case 'extensionRange': {
        const ranges = run('extensionRange').map((i) => (i as Extract<Item, { kind: 'extensionRange' }>).range);
        this.indent(depth);
        this.w.write(`extensions ${ranges.map((r) => rangeText(r.start ?? 0, (r.end ?? 0) - 1, MAX_FIELD_NUMBER)).join(', ')};\n`);
        return ranges.length - 1;
      }
      case 'reservedRange': {
        const ranges = run('reservedRange').map((i) => (i as Extract<Item, { kind: 'reservedRange' }>).range);
        this.indent(depth);
        this.w.write(`reserved ${ranges.map((r) => rangeText(r.start ?? 0, (r.end ?? 0) - 1, MAX_FIELD_NUMBER)).join(', ')};\n`);
        return ranges.length - 1;
      }
      case 'reservedName': {
        const names = run('reservedName').map((i) => (i as Extract<Item, { kind: 'reservedName' }>).name);
        this.indent(depth);
        this.w.write(`reserved ${names.map((n) => quoteOptionString(utf8Encode(n))).join(', ')};\n`);
        return names.length - 1;
      }
    }
  }

  private oneof(message: Message, members: Array<{ field: Field; index: number }>, oneof: number, scope: string, path: readonly number[], depth: number): void {
    this.comment([...path, 8, oneof], depth);
    this.indent(depth);
    this.w.write(`oneof ${message.oneofDecl?.[oneof]?.name} `);
    this.w.write('{\n');
    members.forEach(({ field, index }, n) => {
      if (n > 0) this.newLine();
      this.field(field, scope, [...path, 2, index], depth + 1, message);
    });
    this.indent(depth);
    this.w.write('}\n');
  }

  /** A oneof on its own, for `describe pkg.Msg.choice`. */
  oneofAlone(message: Message, scope: string, path: readonly number[], oneof: number): void {
    const members = (message.field ?? []).flatMap((field, index) => (field.oneofIndex === oneof ? [{ field, index }] : []));
    if (this.options.sortElements) members.sort((a, b) => (a.field.number ?? 0) - (b.field.number ?? 0));
    this.oneof(message, members, oneof, scope, path, 0);
  }

  extend(fields: readonly Field[], scope: string, path: readonly number[], depth: number, indexes: readonly number[]): void {
    this.indent(depth);
    this.w.write(`extend ${this.qualify(scope, fields[0]!.extendee!)} `);
    this.w.write('{\n');
    fields.forEach((field, n) => {
      if (n > 0) this.newLine();
      this.field(field, scope, [...path, indexes[n]!], depth + 1, undefined);
    });
    this.indent(depth);
    this.w.write('}\n');
  }

  enum(type: Enum, path: readonly number[], depth: number): void {
    this.comment(path, depth);
    this.indent(depth);
    this.w.write(`enum ${type.name} `);
    this.w.write('{\n');
    const values = (type.value ?? []).map((value, index) => ({ value, index }));
    if (this.options.sortElements) values.sort((a, b) => (a.value.number ?? 0) - (b.value.number ?? 0) || ((a.value.name ?? '') < (b.value.name ?? '') ? -1 : 1));
    const lines: Array<() => void> = [];
    if ((type.options as { allowAlias?: boolean } | undefined)?.allowAlias) lines.push(() => this.option('allow_alias', 'true', depth + 1));
    for (const { value, index } of values) lines.push(() => this.enumValue(value, [...path, 2, index], depth + 1));
    const extra = type as Enum & { reservedRange?: Array<{ start?: number; end?: number }>; reservedName?: string[] };
    const ranges = extra.reservedRange ?? [];
    if (ranges.length > 0) lines.push(() => this.reserved(ranges.map((r) => rangeText(r.start ?? 0, r.end ?? 0, MAX_ENUM_NUMBER)).join(', '), depth + 1));
    const names = extra.reservedName ?? [];
    if (names.length > 0) lines.push(() => this.reserved(names.map((n) => quoteOptionString(utf8Encode(n))).join(', '), depth + 1));
    lines.forEach((line, i) => {
      if (i > 0) this.newLine();
      line();
    });
    this.indent(depth);
    this.w.write('}\n');
  }

  enumValue(value: descriptor.IEnumValueDescriptorProto, path: readonly number[], depth: number): void {
    this.comment(path, depth);
    this.indent(depth);
    this.w.write(`${value.name} `);
    this.w.write('= ');
    this.w.write(`${value.number} `);
    if ((value.options as { deprecated?: boolean } | undefined)?.deprecated) this.shortOptions([['deprecated', 'true']], depth);
    this.w.write(';');
    this.endLine();
  }

  private option(name: string, value: string, depth: number): void {
    this.indent(depth);
    this.w.write(`option ${name} = ${value};\n`);
  }

  private reserved(text: string, depth: number): void {
    this.indent(depth);
    this.w.write(`reserved ${text};\n`);
  }

  service(service: descriptor.IServiceDescriptorProto, path: readonly number[], depth: number): void {
    this.comment(path, depth);
    this.indent(depth);
    this.w.write(`service ${service.name} `);
    this.w.write('{\n');
    const methods = (service.method ?? []).map((method, index) => ({ method, index }));
    if (this.options.sortElements) methods.sort((a, b) => ((a.method.name ?? '') < (b.method.name ?? '') ? -1 : 1));
    methods.forEach(({ method, index }, i) => {
      if (i > 0) this.newLine();
      this.method(method, [...path, 2, index], depth + 1);
    });
    this.indent(depth);
    this.w.write('}\n');
  }

  method(method: descriptor.IMethodDescriptorProto, path: readonly number[], depth: number): void {
    this.comment(path, depth);
    this.indent(depth);
    this.w.write('rpc ');
    this.w.write(`${method.name} `);
    this.w.write('( ');
    this.w.write(`${method.clientStreaming ? 'stream ' : ''}${this.qualify(this.pkg, method.inputType!)} `);
    this.w.write(') returns ( ');
    this.w.write(`${method.serverStreaming ? 'stream ' : ''}${this.qualify(this.pkg, method.outputType!)} `);
    this.w.write(') ');
    if ((method.options as { deprecated?: boolean } | undefined)?.deprecated) {
      this.w.write('{\n');
      this.option('deprecated', 'true', depth + 1);
      this.indent(depth);
      this.w.write('}\n');
    } else this.w.write(';');
    this.endLine();
  }

  /** A whole .proto file, as protoprint's default printer writes one. */
  file(): string {
    const { file } = this.exported;
    this.w.write(`syntax = ${goQuote(file.syntax || 'proto2')};`);
    this.endLine();
    this.newLine();
    const blocks: Array<() => void> = [];
    if (file.package) blocks.push(() => this.line(`package ${file.package};`));
    for (const dependency of file.dependency ?? []) blocks.push(() => this.line(`import ${goQuote(dependency)};`));
    (file.messageType ?? []).forEach((m, i) => blocks.push(() => this.message(m, this.pkg ? `${this.pkg}.${m.name}` : m.name!, [4, i], 0)));
    (file.enumType ?? []).forEach((e, i) => blocks.push(() => this.enum(e, [5, i], 0)));
    (file.service ?? []).forEach((s, i) => blocks.push(() => this.service(s, [6, i], 0)));
    const extensions = file.extension ?? [];
    for (const extendee of [...new Set(extensions.map((e) => e.extendee))]) {
      const indexes = extensions.flatMap((e, i) => (e.extendee === extendee ? [i] : []));
      blocks.push(() => this.extend(indexes.map((i) => extensions[i]!), this.pkg, [7], 0, indexes));
    }
    blocks.forEach((block, i) => {
      if (i > 0) this.newLine();
      block();
    });
    return this.w.text();
  }

  private line(text: string): void {
    this.w.write(text);
    this.endLine();
  }
}

function mapEntryOf(field: Field, scope: string, parent: Message | undefined): Message | undefined {
  if (!field.typeName || !parent) return undefined;
  return parent.nestedType?.find((m) => m.options?.mapEntry && `${scope}.${m.name}` === withoutLeadingDot(field.typeName!));
}
