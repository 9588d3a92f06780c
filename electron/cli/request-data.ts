import { readFileSync } from 'node:fs';
import { fail, ioReason, type FerryError } from '../../shared/errors';
import { describeJsonProblem, findJsonProblem, locateJsonPath, parseJsonSequenceAt, positionOf, type JsonPathSegment } from '../../shared/json';
import type { CliIo } from './cli-io';
import { placeInInput, readJsonMessages } from './message-reader';
import { utf8Chunks, utf8Text } from './utf8-input';

const STDIN = '<stdin>';

// Editors on Windows start UTF-8 files with a byte order mark; it is not part of the JSON.
const BOM = '\uFEFF';

/** Request data read whole: its messages' values, and the text they came from for placing errors in it. */
export interface RequestData {
  values: unknown[];
  source: RequestSource;
}

/** Where request data came from (`-d`, a file, `<stdin>`), its text, and the offset where each message starts. */
export interface RequestSource {
  file: string;
  text: string;
  starts: number[];
}

/** `-d JSON`, `-d @FILE` or `-d @-` → the JSON values it holds, parsed losslessly (big int64s stay exact). */
export async function readRequestData(data: string | undefined, io: CliIo): Promise<RequestData | undefined> {
  if (data === undefined) return undefined;
  if (data === '@-') return parseRequestText(utf8Text(await io.readStdin(), STDIN), STDIN);
  if (data.startsWith('@')) return parseRequestText(readUtf8File(data.slice(1)), data.slice(1));
  return parseRequestText(data, '-d');
}

function parseRequestText(whole: string, file: string): RequestData {
  const text = whole.startsWith(BOM) ? whole.slice(BOM.length) : whole;
  const messages = parseJsonSequenceAt(text, { file });
  return { values: messages.map((message) => message.value), source: { file, text, starts: messages.map((message) => message.start) } };
}

/**
 * An error the engine found in request message `index` after parsing (a wrong type, an unknown field: it
 * names the field path), placed at that field in the request data: `-d:3:14: inner.on: …`.
 */
export function placeInRequest(error: FerryError, source: RequestSource | undefined, index: number): FerryError {
  const path = error.details?.fieldPath;
  const start = source?.starts[index];
  if (!source || start === undefined || path === undefined || error.details?.line !== undefined) return error;
  const message = source.text.slice(start, source.starts[index + 1]);
  const at = locateJsonPath(message, pathSegments(path));
  const base = positionOf(source.text, start);
  const place = { line: base.line + at.line - 1, column: at.line === 1 ? base.column + at.column - 1 : at.column };
  return { ...error, details: { ...error.details, file: source.file, ...place } };
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
export async function* streamStdinMessages(io: CliIo): AsyncGenerator<string> {
  let index = 0;
  for await (const raw of readJsonMessages(withoutBom(utf8Chunks(io.stdinChunks(), STDIN)))) {
    const problem = findJsonProblem(raw.text);
    if (problem) {
      const at = placeInInput(problem, raw);
      fail('BAD_INPUT', `message ${index + 1}: ${describeJsonProblem(at)}`, { file: STDIN, line: at.line, column: at.column, expected: at.expected });
    }
    index++;
    yield raw.text;
  }
}
