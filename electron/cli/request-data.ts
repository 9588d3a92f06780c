import { readFileSync } from 'node:fs';
import { fail, ioReason, type FerryError } from '../../shared/errors';
import { describeJsonProblem, findJsonProblem, locateJsonPath, parseJsonSequenceAt, positionOf, type JsonPathSegment } from '../../shared/json';
import type { CliIo } from './cli-io';
import { placeInInput, readJsonMessages, type RawMessage } from './message-reader';
import { utf8Chunks, utf8Text } from './utf8-input';

const STDIN = '<stdin>';

// Editors on Windows start UTF-8 files with a byte order mark; it is not part of the JSON.
const BOM = '\uFEFF';

/** Request data read whole: its messages' values, and where they came from for placing errors in it. */
export interface RequestData {
  values: unknown[];
  source: RequestSource;
}

/** A request message's own text and where it starts in its input (`-d`, a file, `<stdin>`). */
export interface SourceMessage extends RawMessage {
  file: string;
}

/** Request messages' texts by their index, for placing an error the engine finds in one of them. */
export interface RequestSource {
  messageAt(index: number): SourceMessage | undefined;
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

/** The message of `text` (from `file`) that starts at `start`: its text, and where it starts. */
export function messageIn(file: string, text: string, start: number, end?: number): SourceMessage {
  return { file, text: text.slice(start, end), ...positionOf(text, start) };
}

/**
 * An error the engine found in request message `index` after parsing (a wrong type, an unknown field: it
 * names the field path), placed at that field in the request data: `-d:3:14: inner.on: …`.
 */
export function placeInRequest(error: FerryError, source: RequestSource | undefined, index: number): FerryError {
  const path = error.details?.fieldPath;
  const message = source?.messageAt(index);
  if (!message || path === undefined || error.details?.line !== undefined) return error;
  const { line, column } = placeInInput(locateJsonPath(message.text, pathSegments(path)), message);
  return { ...error, details: { ...error.details, file: message.file, line, column } };
}

/** `items[0].price`, `counts["a b"]` → the path's keys and indexes. */
function pathSegments(path: string): JsonPathSegment[] {
  const segments: JsonPathSegment[] = [];
  for (const [, key, index, quoted] of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    segments.push(index !== undefined ? Number(index) : quoted !== undefined ? (JSON.parse(quoted) as string) : key!);
  }
  return segments;
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

/**
 * An error about one of several request messages, saying which: "message 2 of 3: …", or "message 2: …" in a
 * stream read from standard input, whose length is not known yet.
 */
export function inMessage(error: FerryError, index: number, count?: number): FerryError {
  if (count === undefined) return { ...error, message: `message ${index + 1}: ${error.message}` };
  return count > 1 ? { ...error, message: `message ${index + 1} of ${count}: ${error.message}` } : error;
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
