import type protobuf from 'protobufjs';
import { decodeToProtoJson, encodeProtoJson } from '../codec';

/** ProtoJSON ↔ wire bytes, injected so the call layer only ever moves bytes (and sizes are exact). */
export interface CallCodec {
  /** Throws (ideally a FerryFailure naming the field path) when the JSON does not fit the type. */
  encode(type: protobuf.Type, json: unknown): Uint8Array;
  decode(type: protobuf.Type, bytes: Uint8Array): unknown;
}

const plain: CallCodec = { encode: encodeProtoJson, decode: (type, bytes) => decodeToProtoJson(type, bytes) };
const withDefaults: CallCodec = { encode: encodeProtoJson, decode: (type, bytes) => decodeToProtoJson(type, bytes, { emitDefaults: true }) };

/** The codec of one call: canonical ProtoJSON, with fields at their default value shown when asked. */
export function callCodec(options: { emitDefaults?: boolean } = {}): CallCodec {
  return options.emitDefaults ? withDefaults : plain;
}
