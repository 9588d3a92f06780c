import protobuf from 'protobufjs';
import type { SchemaRegistry } from '../schema/schema-registry';
import { goJsonIndent } from './go-json';
import { GrpcurlJsonPrinter } from './grpcurl-json';
import { messageTemplate } from './message-template';
import { addValue, decodeMessageTree } from './message-tree-decode';
import { emptyTree, isMapEntry, isMessageTree, utf8Decode, utf8Encode, type MessageTree } from './message-tree';
import { typeName } from './well-known';
import { RECORD_SEPARATOR_CHAR, printGoText, printGrpcurlText } from './text-format-go';

export interface GrpcurlFormatOptions {
  format: 'json' | 'text';
  emitDefaults?: boolean;
  origName?: boolean;
  /** grpcurl separates text-format messages with 0x1E unless it is verbose. */
  textSeparator?: boolean;
}

/**
 * grpcurl's one formatter per run (`RequestParserAndFormatter`): responses, error details and -format-error
 * statuses all go through it, so in text mode the record separator also precedes details after responses.
 */
export class GrpcurlFormatter {
  private formatted = 0;

  constructor(private readonly options: GrpcurlFormatOptions) {}

  private json(tree: MessageTree, emitDefaults = this.options.emitDefaults): string {
    const printer = new GrpcurlJsonPrinter({ emitDefaults: emitDefaults ?? false, origName: this.options.origName ?? false });
    return goJsonIndent(printer.message(tree));
  }

  private text(tree: MessageTree, generated: boolean): string {
    const body = generated ? printGoText(tree, { compact: false, expandAny: true }).replace(/\n$/, '') : printGrpcurlText(tree);
    const separator = this.options.textSeparator && this.formatted > 0 ? RECORD_SEPARATOR_CHAR : '';
    this.formatted++;
    return separator + body;
  }

  /** A response message. */
  message(type: protobuf.Type, bytes: Uint8Array): string {
    const tree = decodeMessageTree(type, bytes);
    return this.options.format === 'json' ? this.json(tree) : this.text(tree, false);
  }

  /** One error detail (a google.protobuf.Any, which grpcurl holds as a generated Go message). */
  detail(any: MessageTree): string {
    return this.options.format === 'json' ? this.json(any) : this.text(any, true);
  }

  /** A whole status for -format-error: google.rpc.Status, a generated message in grpcurl. */
  status(status: MessageTree): string {
    return this.options.format === 'json' ? this.json(status) : this.text(status, true);
  }

  /** The -msg-template rendering: JSON always shows defaults; text shows what the template sets. */
  template(type: protobuf.Type): string {
    const tree = messageTemplate(type);
    return this.options.format === 'json' ? this.json(tree, true) : printGrpcurlText(tree);
  }
}

/**
 * A call's final status as google.rpc.Status: the server's `grpc-status-details-bin` when it sent one (grpc-go
 * takes code, message and details from it), else the code and message alone.
 */
export function statusTree(root: protobuf.Root, code: number, message: string, detailsBin?: Uint8Array): MessageTree {
  const type = root.lookupType('google.rpc.Status');
  if (detailsBin) {
    try {
      return decodeMessageTree(type, detailsBin);
    } catch {
      // An unreadable details header leaves the status from the trailers, as grpc-go does.
    }
  }
  const tree = emptyTree(type);
  if (code !== 0) addValue(tree, type.fieldsById[1]!, code);
  if (message) addValue(tree, type.fieldsById[2]!, utf8Encode(message));
  return tree;
}

/** The Any details of a status tree. */
export function statusDetails(status: MessageTree): MessageTree[] {
  return (status.fields.get(3)?.values ?? []).filter(isMessageTree);
}

function anyTypeNames(tree: MessageTree, names: Set<string>): void {
  if (typeName(tree.type) === 'google.protobuf.Any') {
    const url = tree.fields.get(1)?.values.at(-1);
    if (url instanceof Uint8Array) names.add(utf8Decode(url).replace(/^.*\//, ''));
  }
  for (const { values } of tree.fields.values()) {
    for (const value of values) {
      if (isMessageTree(value)) anyTypeNames(value, names);
      else if (isMapEntry(value) && isMessageTree(value.value)) anyTypeNames(value.value, names);
    }
  }
}

/**
 * Before printing: asks a reflection server for the types named inside Anys that the schema lacks, as
 * grpcurl's resolver does, so they print expanded. Types still unknown print raw.
 */
export async function fetchAnyTypes(registry: SchemaRegistry, type: protobuf.Type, bytes: Uint8Array): Promise<void> {
  const names = new Set<string>();
  try {
    anyTypeNames(decodeMessageTree(type, bytes), names);
  } catch {
    return;
  }
  for (const name of names) {
    if (name && !registry.findType(name)) await registry.ensureType(name).catch(() => undefined);
  }
}
