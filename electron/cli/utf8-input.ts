import { isUtf8 } from 'node:buffer';
import { fail } from '../../shared/errors';

/** The offset of the first byte that does not start a valid UTF-8 sequence, or undefined when all is valid. */
export function invalidUtf8Offset(bytes: Uint8Array): number | undefined {
  if (isUtf8(bytes)) return undefined;
  for (let at = 0; at < bytes.length; ) {
    const length = sequenceLength(bytes[at]!);
    // isUtf8 on the one sequence also refuses overlong forms, surrogates and truncated sequences.
    if (length === 0 || !isUtf8(bytes.subarray(at, at + length))) return at;
    at += length;
  }
  return undefined;
}

function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  return lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
}

const countNewlines = (bytes: Uint8Array): number => bytes.filter((byte) => byte === 0x0a).length;

/**
 * Decoding would turn bad bytes into U+FFFD and send that instead of what the input holds, so they are
 * refused, naming the byte, its offset from the start of the input and its line.
 */
function refuse(bytes: Uint8Array, at: number, offset: number, linesBefore: number, file: string): never {
  const line = linesBefore + countNewlines(bytes.subarray(0, at)) + 1;
  const byte = at < bytes.length ? `byte 0x${bytes[at]!.toString(16).padStart(2, '0')}` : 'a truncated sequence';
  return fail('BAD_INPUT', `not valid UTF-8: ${byte} at offset ${offset}`, { file, line, expected: 'text in UTF-8' });
}

/** Request data read whole (a file, or all of standard input) as text; invalid UTF-8 is refused. */
export function utf8Text(bytes: Uint8Array, file: string): string {
  const at = invalidUtf8Offset(bytes);
  if (at !== undefined) refuse(bytes, at, at, 0, file);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Where the last complete UTF-8 sequence of `bytes` ends: a sequence cut by the chunk boundary waits for the next chunk. */
function completeLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) !== 0x80) return sequenceLength(byte) > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/**
 * Standard input decoded as it arrives (`-d @`): each chunk's text is passed on at once, a sequence split
 * between chunks is joined first, and invalid UTF-8 is refused with its offset in the whole input.
 */
export async function* utf8Chunks(chunks: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<string> {
  let pending: Uint8Array = new Uint8Array(0);
  let offset = 0;
  let lines = 0;
  for await (const chunk of chunks) {
    const bytes = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    const whole = completeLength(bytes);
    const complete = bytes.subarray(0, whole);
    const bad = invalidUtf8Offset(complete);
    if (bad !== undefined) refuse(complete, bad, offset + bad, lines, file);
    pending = bytes.slice(whole);
    offset += whole;
    lines += countNewlines(complete);
    if (whole > 0) yield Buffer.from(complete.buffer, complete.byteOffset, complete.byteLength).toString('utf8');
  }
  if (pending.length > 0) refuse(pending, pending.length, offset, lines, file);
}
