import type protobuf from 'protobufjs';
import { FerryFailure, fail } from '../../../shared/errors';
import { decodeToProtoJson, encodeProtoJson, parseJsonLossless } from '../codec';
import type { JsonWire } from './web-protocol';

/**
 * Connect's json codec puts ProtoJSON text on the wire. The call session keeps protobuf bytes for every
 * protocol (sizes, lazy decoding, export), so the text is made from them going out and turned back into
 * them coming in, with the engine's one codec: the JSON a user sees is the same whichever codec carried it.
 */
export function createJsonWire(requestType: protobuf.Type, responseType: protobuf.Type): JsonWire {
  return {
    toWire: (bytes) => Buffer.from(JSON.stringify(decodeToProtoJson(requestType, bytes)), 'utf8'),
    fromWire(text) {
      try {
        return encodeProtoJson(responseType, parseJsonLossless(Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8')));
      } catch (reason) {
        const why = reason instanceof FerryFailure ? reason.error.message : String(reason);
        return fail('INTERNAL', `the server's JSON message does not fit ${responseType.fullName.replace(/^\./, '')}: ${why}`);
      }
    },
  };
}
