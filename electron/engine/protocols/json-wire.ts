import type protobuf from 'protobufjs';
import { FerryFailure, fail } from '../../../shared/errors';
import { parseJson } from '../../../shared/json';
import { decodeToProtoJson, encodeProtoJson, typeName } from '../codec';
import type { JsonWire } from './web-protocol';

/**
 * A server's JSON message. Canonical ProtoJSON writes 64-bit integers as strings, so JSON.parse (several times
 * faster) is exact unless a long run of digits appears; only then the lossless parser reads the text.
 */
function parseServerJson(text: string): unknown {
  return /\d{16}/.test(text) ? parseJson(text) : JSON.parse(text);
}

/**
 * Connect's json codec puts ProtoJSON text on the wire. The call session keeps protobuf bytes for every
 * protocol (sizes, lazy decoding, export), so the text is made from them going out and turned back into
 * them coming in, with the engine's one codec: the JSON a user sees is the same whichever codec carried it.
 */
export function createJsonWire(requestType: protobuf.Type, responseType: protobuf.Type): JsonWire {
  return {
    toWire: (bytes) => Buffer.from(JSON.stringify(decodeToProtoJson(requestType, bytes)), 'utf8'),
    fromWire(bytes) {
      try {
        return encodeProtoJson(responseType, parseServerJson(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')));
      } catch (reason) {
        const why = reason instanceof FerryFailure ? reason.error.message : String(reason);
        return fail('INTERNAL', `the server's JSON message does not fit ${typeName(responseType)}: ${why}`);
      }
    },
  };
}
