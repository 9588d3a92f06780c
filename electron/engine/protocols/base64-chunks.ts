import { fail } from '../../../shared/errors';

export interface Base64ChunkDecoder {
  /** Decodes what can be decoded of the text received so far; keeps an unfinished 4-character group. */
  push(text: Buffer): Buffer;
  /** Characters of an unfinished group (non-zero at the end of a body means it was cut short). */
  readonly pendingChars: number;
}

const VALID = /^[A-Za-z0-9+/=]*$/;
const WHITESPACE = /[\r\n\t ]/g;

/**
 * grpc-web-text bodies are base64, but a server may encode each write on its own, so padding (`=`) can
 * appear mid-body ("AAAA…==AAAA…"), and HTTP may split the text anywhere. Node's decoder stops at the first
 * padding, so the text is cut after every padded group and each piece decoded by itself. `sender`: whose
 * body it is (`ferry mock` reads a client's), for the words and code of an error.
 */
export function createBase64ChunkDecoder(sender: 'server' | 'client' = 'server'): Base64ChunkDecoder {
  let carry = '';
  return {
    push(chunk) {
      const text = carry + chunk.toString('latin1').replace(WHITESPACE, '');
      const whole = text.length - (text.length % 4);
      carry = text.slice(whole);
      if (whole === 0) return Buffer.alloc(0);
      const body = text.slice(0, whole);
      if (!VALID.test(body)) fail(sender === 'server' ? 'INTERNAL' : 'INVALID_ARGUMENT', `the grpc-web-text ${sender === 'server' ? 'response' : 'request'} is not valid base64`);
      if (!body.includes('=')) return Buffer.from(body, 'base64');
      const pieces: Buffer[] = [];
      let start = 0;
      for (let group = 0; group < whole; group += 4) {
        if (body[group + 3] === '=') {
          pieces.push(Buffer.from(body.slice(start, group + 4), 'base64'));
          start = group + 4;
        }
      }
      if (start < whole) pieces.push(Buffer.from(body.slice(start), 'base64'));
      return Buffer.concat(pieces);
    },
    get pendingChars() {
      return carry.length;
    },
  };
}
