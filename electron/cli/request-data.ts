import { readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { fail, type FerryError } from '../../shared/errors';
import { parseJsonSequence } from '../../shared/json';
import type { CliIo } from './cli-io';

// Editors on Windows start UTF-8 files with a byte order mark; it is not part of the JSON.
const BOM = '\uFEFF';

/** `-d JSON`, `-d @FILE` or `-d @-` → the JSON values it holds, parsed losslessly (big int64s stay exact). */
export async function readRequestData(data: string | undefined, io: CliIo): Promise<unknown[] | undefined> {
  if (data === undefined) return undefined;
  if (data === '@-') return parseRequestText(await io.readStdin(), '<stdin>');
  if (data.startsWith('@')) return parseRequestText(readUtf8File(data.slice(1)), data.slice(1));
  return parseRequestText(data, '-d');
}

function parseRequestText(text: string, file: string): unknown[] {
  return parseJsonSequence(text.startsWith(BOM) ? text.slice(BOM.length) : text, { file });
}

function readUtf8File(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (reason) {
    const code = (reason as NodeJS.ErrnoException).code;
    return fail('IO_ERROR', `cannot read request data from ${file}: ${code === 'ENOENT' ? 'no such file' : String(code ?? reason)}`, { file });
  }
  const offset = invalidUtf8Offset(bytes);
  if (offset !== undefined) {
    // Decoding would turn the bad bytes into U+FFFD and send that instead of what the file holds.
    const line = bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length + 1;
    const byte = bytes[offset]!.toString(16).padStart(2, '0');
    fail('BAD_INPUT', `not valid UTF-8: byte 0x${byte} at offset ${offset}`, { file, line, expected: 'JSON text in UTF-8' });
  }
  return bytes.toString('utf8');
}

/** The offset of the first byte that does not start a valid UTF-8 sequence, or undefined when all is valid. */
export function invalidUtf8Offset(bytes: Uint8Array): number | undefined {
  if (isUtf8(bytes)) return undefined;
  for (let at = 0; at < bytes.length; ) {
    const lead = bytes[at]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    // isUtf8 on the one sequence also refuses overlong forms, surrogates and truncated sequences.
    if (length === 0 || !isUtf8(bytes.subarray(at, at + length))) return at;
    at += length;
  }
  return undefined;
}

/** An error about one of several request messages, saying which ("message 2 of 3: …"). */
export function inMessage(error: FerryError, index: number, count: number): FerryError {
  return count > 1 ? { ...error, message: `message ${index + 1} of ${count}: ${error.message}` } : error;
}
