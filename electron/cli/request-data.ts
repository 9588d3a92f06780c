import { readFileSync } from 'node:fs';
import { fail, type FerryError } from '../../shared/errors';
import { parseJsonSequence } from '../../shared/json';
import type { CliIo } from './cli-io';
import { utf8Text } from './utf8-input';

// Editors on Windows start UTF-8 files with a byte order mark; it is not part of the JSON.
const BOM = '\uFEFF';

/** `-d JSON`, `-d @FILE` or `-d @-` → the JSON values it holds, parsed losslessly (big int64s stay exact). */
export async function readRequestData(data: string | undefined, io: CliIo): Promise<unknown[] | undefined> {
  if (data === undefined) return undefined;
  if (data === '@-') return parseRequestText(utf8Text(await io.readStdin(), '<stdin>'), '<stdin>');
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
  return utf8Text(bytes, file);
}

/** An error about one of several request messages, saying which ("message 2 of 3: …"). */
export function inMessage(error: FerryError, index: number, count: number): FerryError {
  return count > 1 ? { ...error, message: `message ${index + 1} of ${count}: ${error.message}` } : error;
}
