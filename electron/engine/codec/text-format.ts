import type protobuf from 'protobufjs';
import { decodeMessageTree } from './message-tree-decode';
import { encodeMessageTree } from './message-tree-encode';
import { printGrpcurlText } from './text-format-go';
import { parseTextFormat, type TextParseOptions } from './text-format-parse';
import { printTextFormat, type TextPrintOptions } from './text-format-print';

export type TextLayout = 'protoc' | 'grpcurl';

export interface TextFormatOptions extends TextPrintOptions {
  /** protoc's layout (`name {` blocks, one field per line; the default) or grpcurl's (`name: <` blocks, no final newline). */
  layout?: TextLayout;
}

/** Protobuf text format → wire bytes, fields in number order as protoc --encode writes them. */
export function encodeTextFormat(type: protobuf.Type, text: string, options: TextParseOptions = {}): Uint8Array {
  return encodeMessageTree(parseTextFormat(type, text, options));
}

/** Wire bytes → protobuf text format. */
export function decodeToTextFormat(type: protobuf.Type, bytes: Uint8Array, options: TextFormatOptions = {}): string {
  const tree = decodeMessageTree(type, bytes);
  return options.layout === 'grpcurl' ? printGrpcurlText(tree) : printTextFormat(tree, options);
}
