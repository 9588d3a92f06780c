import type protobuf from 'protobufjs';
import { FerryFailure, fail, type FerryErrorCode } from '../../../shared/errors';
import { parseJson } from '../../../shared/json';
import { decodeToProtoJson, encodeProtoJson, typeName } from '../codec';
import type { JsonWire } from './web-protocol';

/**
 * A peer's JSON message. Canonical ProtoJSON writes 64-bit integers as strings, so JSON.parse (several times
 * faster) is exact unless a long run of digits appears; only then the lossless parser reads the text.
 */
function parsePeerJson(text: string): unknown {
  return /\d{16}/.test(text) ? parseJson(text) : JSON.parse(text);
}

/** Who sends the JSON that comes in, and the code a message that does not fit fails with. */
export interface JsonPeer {
  /** Names the message in the error: "the server's", "the request's". */
  whose: string;
  code: FerryErrorCode;
}

const SERVER: JsonPeer = { whose: "the server's", code: 'INTERNAL' };

/**
 * Connect's json codec puts ProtoJSON text on the wire. The call session keeps protobuf bytes for every
 * protocol (sizes, lazy decoding, export), so the text is made from them going out and turned back into
 * them coming in, with the engine's one codec: the JSON a user sees is the same whichever codec carried it.
 * A client goes out with its request type; `ferry mock`, the server, goes out with its response type and
 * names the request's JSON (`peer`) when it does not fit.
 */
export function createJsonWire(outType: protobuf.Type, inType: protobuf.Type, peer: JsonPeer = SERVER): JsonWire {
  return {
    toWire: (bytes) => Buffer.from(JSON.stringify(decodeToProtoJson(outType, bytes)), 'utf8'),
    fromWire(bytes) {
      try {
        return encodeProtoJson(inType, parsePeerJson(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')));
      } catch (reason) {
        const why = reason instanceof FerryFailure ? reason.error.message : String(reason);
        return fail(peer.code, `${peer.whose} JSON message does not fit ${typeName(inType)}: ${why}`);
      }
    },
  };
}
