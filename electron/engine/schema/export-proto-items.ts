import type descriptor from 'protobufjs/ext/descriptor.js';
import { withoutLeadingDot } from '../codec/well-known';

export type Message = descriptor.IDescriptorProto;
type Range = { start?: number | null; end?: number | null };

/** The elements of a message body, in the order protoprint collects them. */
export type Item =
  | { kind: 'option'; name: string; value: string }
  | { kind: 'reservedRange'; range: Range }
  | { kind: 'reservedName'; name: string }
  | { kind: 'extensionRange'; range: Range }
  | { kind: 'field'; field: descriptor.IFieldDescriptorProto; index: number }
  | { kind: 'nested'; message: Message; index: number; hidden: boolean }
  | { kind: 'enum'; enum: descriptor.IEnumDescriptorProto; index: number }
  | { kind: 'extension'; field: descriptor.IFieldDescriptorProto; index: number };

// Field numbers in DescriptorProto: protoprint's sort puts element kinds in this order (options first).
const TAGS: Readonly<Record<Item['kind'], number>> = {
  option: -1, field: 2, nested: 3, enum: 4, extensionRange: 5, extension: 6, reservedRange: 9, reservedName: 10,
};

export function bodyItems(message: Message, scope: string): Item[] {
  const fields = message.field ?? [];
  // Map entry types and group types are printed through their fields, never on their own.
  const hidden = new Set(
    fields.filter((f) => f.typeName && (f.type === 10 || message.nestedType?.some((m) => m.options?.mapEntry && `${scope}.${m.name}` === withoutLeadingDot(f.typeName!)))).map((f) => withoutLeadingDot(f.typeName!)),
  );
  const items: Item[] = [];
  if ((message.options as { deprecated?: boolean } | undefined)?.deprecated) items.push({ kind: 'option', name: 'deprecated', value: 'true' });
  for (const range of message.reservedRange ?? []) items.push({ kind: 'reservedRange', range });
  for (const name of message.reservedName ?? []) items.push({ kind: 'reservedName', name });
  for (const range of message.extensionRange ?? []) items.push({ kind: 'extensionRange', range });
  fields.forEach((field, index) => items.push({ kind: 'field', field, index }));
  (message.nestedType ?? []).forEach((nested, index) => items.push({ kind: 'nested', message: nested, index, hidden: hidden.has(`${scope}.${nested.name}`) }));
  (message.enumType ?? []).forEach((e, index) => items.push({ kind: 'enum', enum: e, index }));
  (message.extension ?? []).forEach((field, index) => items.push({ kind: 'extension', field, index }));
  return items;
}

function key(item: Item): Array<number | string> {
  switch (item.kind) {
    case 'option':
    case 'reservedName':
      return [item.name];
    case 'reservedRange':
    case 'extensionRange':
      return [item.range.start ?? 0];
    case 'field':
      return [item.field.number ?? 0];
    case 'extension':
      return [item.field.extendee ?? '', item.field.number ?? 0];
    case 'nested':
      return [item.message.name ?? ''];
    case 'enum':
      return [item.enum.name ?? ''];
  }
}

function compare(a: Array<number | string>, b: Array<number | string>): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** protoprint's canonical order when sorting (kind, then number or name); otherwise the collected order. */
export function sortItems(items: Item[], sortElements: boolean): Item[] {
  if (!sortElements) return items;
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => TAGS[a.item.kind] - TAGS[b.item.kind] || compare(key(a.item), key(b.item)) || a.i - b.i)
    .map(({ item }) => item);
}
