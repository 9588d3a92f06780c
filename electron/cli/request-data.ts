import { readFileSync } from 'node:fs';
import { fail } from '../../shared/errors';
import { parseJsonSequence } from '../engine';
import type { CliIo } from './cli-io';

/** `-d JSON`, `-d @FILE` or `-d @-` → the JSON values it holds, parsed losslessly (big int64s stay exact). */
export async function readRequestData(data: string | undefined, io: CliIo): Promise<unknown[] | undefined> {
  if (data === undefined) return undefined;
  if (data === '@-') return parseJsonSequence(await io.readStdin(), { file: '<stdin>' });
  if (data.startsWith('@')) {
    const file = data.slice(1);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (reason) {
      const code = (reason as NodeJS.ErrnoException).code;
      return fail('IO_ERROR', `cannot read request data from ${file}: ${code === 'ENOENT' ? 'no such file' : String(code ?? reason)}`, { file });
    }
    return parseJsonSequence(text, { file });
  }
  return parseJsonSequence(data, { file: '-d' });
}
