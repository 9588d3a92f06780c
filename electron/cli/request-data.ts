import { readFileSync } from 'node:fs';
import { fail, ioReason } from '../../shared/errors';
import { describeJsonProblem, findJsonProblem, parseJsonSequenceAt } from '../../shared/json';
import { messageIn, placeInInput, type RequestSource, type SourceMessage } from '../engine';
import type { CliIo } from './cli-io';
import { readJsonMessages } from './message-reader';
import { utf8Chunks, utf8Text } from './utf8-input';

const STDIN = '<stdin>';

// Editors on Windows start UTF-8 files with a byte order mark; it is not part of the JSON.
const BOM = '\uFEFF';

/** Request data read whole: its messages' values, and where they came from for placing errors in it. */
export interface RequestData {
  values: unknown[];
  source: RequestSource;
}

/** `-d JSON`, `-d @FILE` or `-d @-` → the JSON values it holds, parsed losslessly (big int64s stay exact). */
export async function readRequestData(data: string | undefined, io: CliIo): Promise<RequestData | undefined> {
  if (data === undefined) return undefined;
  if (data === '@-') return requestDataOf(utf8Text(await io.readStdin(), STDIN), STDIN);
  if (data.startsWith('@')) return requestDataOf(readUtf8File(data.slice(1)), data.slice(1));
  return requestDataOf(data, '-d');
}

/** Request data given as `text` (from `file`: `-d`, a file name, `<stdin>`), a leading byte order mark skipped. */
export function requestDataOf(whole: string, file: string): RequestData {
  const text = whole.startsWith(BOM) ? whole.slice(BOM.length) : whole;
  const messages = parseJsonSequenceAt(text, { file });
  const starts = messages.map((message) => message.start);
  const messageAt = (index: number): SourceMessage | undefined => {
    const start = starts[index];
    return start === undefined ? undefined : messageIn(file, text, start, starts[index + 1]);
  };
  return { values: messages.map((message) => message.value), source: { messageAt } };
}

function readUtf8File(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (reason) {
    return fail('IO_ERROR', `cannot read request data from ${file}: ${ioReason(reason)}`, { file });
  }
  return utf8Text(bytes, file);
}

async function* withoutBom(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let first = true;
  for await (const chunk of chunks) {
    yield first && chunk.startsWith(BOM) ? chunk.slice(BOM.length) : chunk;
    first = false;
  }
}

/**
 * `-d @-` for a client or bidi stream: each JSON message of standard input as soon as its last character
 * has been read (typed, or piped from a live process), checked with the one JSON parser; a bad one is named
 * by its number and its place in the input.
 */
export function streamStdinMessages(io: CliIo): { messages: AsyncGenerator<string>; source: RequestSource } {
  // Each message is sent before the next is read, so an error about one is about the last read.
  let last: { index: number; message: SourceMessage } | undefined;
  async function* messages(): AsyncGenerator<string> {
    let index = 0;
    for await (const raw of readJsonMessages(withoutBom(utf8Chunks(io.stdinChunks(), STDIN)))) {
      const problem = findJsonProblem(raw.text);
      if (problem) {
        const at = placeInInput(problem, raw);
        fail('BAD_INPUT', `message ${index + 1}: ${describeJsonProblem(at)}`, { file: STDIN, line: at.line, column: at.column, expected: at.expected });
      }
      last = { index, message: { ...raw, file: STDIN } };
      index++;
      yield raw.text;
    }
  }
  return { messages: messages(), source: { messageAt: (index) => (last?.index === index ? last.message : undefined) } };
}
