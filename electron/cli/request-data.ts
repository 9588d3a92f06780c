import { readFileSync } from 'node:fs';
import { fail, FerryFailure, ioReason } from '../../shared/errors';
import { describeJsonProblem, findJsonProblem, parseJsonSequenceAt } from '../../shared/json';
import { messageIn, placeInInput, variableNames, type RequestSource, type SourceMessage } from '../engine';
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

/** The text `-d JSON`, `-d @FILE` or `-d @-` gives, and its name in errors: `-d`, the file's name, `<stdin>`. */
async function readRequestText(data: string, io: CliIo): Promise<{ text: string; file: string }> {
  if (data === '@-') return { text: utf8Text(await io.readStdin(), STDIN), file: STDIN };
  if (data.startsWith('@')) return { text: readUtf8File(data.slice(1)), file: data.slice(1) };
  return { text: data, file: '-d' };
}

/** The messages of `-d` as JSON texts for the engine, and where each came from. */
export interface RequestTexts {
  messages: string[];
  source?: RequestSource;
}

/**
 * `-d` read whole, as JSON texts. When the engine fills `{{variables}}` in (`fillsVariables`: `--env`,
 * `ferry bench`), a variable standing for a whole value (`{"count": {{n}}}`) makes the text JSON only once
 * it is filled, so a text that does not parse but names a variable goes as one message, as given; the
 * engine fills it in and names what is wrong with it then.
 */
export async function readRequestTexts(data: string | undefined, io: CliIo, fillsVariables: boolean): Promise<RequestTexts | undefined> {
  if (data === undefined) return undefined;
  const { text, file } = await readRequestText(data, io);
  try {
    // Parsed losslessly (big int64s stay exact), and written back as JSON text.
    const parsed = requestDataOf(text, file);
    return { messages: parsed.values.map((value) => JSON.stringify(value)), source: parsed.source };
  } catch (reason) {
    if (variableNames(text).length === 0) throw reason;
    if (!fillsVariables) throw withHint(reason, 'a {{variable}} is filled in only with --env NAME');
    return { messages: [text.startsWith(BOM) ? text.slice(BOM.length) : text] };
  }
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

function withHint(reason: unknown, hint: string): unknown {
  if (!(reason instanceof FerryFailure)) return reason;
  return new FerryFailure({ ...reason.error, details: { ...reason.error.details, hint } });
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
