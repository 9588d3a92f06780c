/** `ferry run --iteration-data FILE`: the file read and parsed as shared/model's iteration data. */
import { readFileSync } from 'node:fs';
import { fail, ioReason } from '../../shared/errors';
import { parseIterationData, type IterationRow } from '../../shared/model';

export function readIterationData(file: string): IterationRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (reason) {
    return fail('IO_ERROR', `cannot read --iteration-data ${file}: ${ioReason(reason)}`, { file });
  }
  return parseIterationData(text, file);
}
