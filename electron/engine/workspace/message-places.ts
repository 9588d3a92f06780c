/**
 * Where in its input a request message is, so an error the engine finds in it after parsing (a wrong type,
 * an unknown field: it names the field path) is shown at that field: `-d:3:14: inner.on: …`, or a line of
 * a saved request file.
 */
import type { FerryError } from '../../../shared/errors';
import { locateJsonPath, positionOf, type JsonPathSegment } from '../../../shared/json';

/** A message's own text and where it starts in the whole input (1-based). */
export interface MessageText {
  text: string;
  line: number;
  column: number;
}

/** A request message's text and the input it is in (`-d`, a file, `<stdin>`, a saved request). */
export interface SourceMessage extends MessageText {
  file: string;
}

/** Request messages' texts by their index, for placing an error the engine finds in one of them. */
export interface RequestSource {
  messageAt(index: number): SourceMessage | undefined;
}

/** A place in one message's text (1-based line and column), as the place in the whole input that holds it. */
export function placeInInput<T extends { line: number; column: number }>(place: T, message: MessageText): T {
  return { ...place, line: place.line + message.line - 1, column: place.line === 1 ? place.column + message.column - 1 : place.column };
}

/** The message of `text` (from `file`) that starts at `start`: its text, and where it starts. */
export function messageIn(file: string, text: string, start: number, end?: number): SourceMessage {
  return { file, text: text.slice(start, end), ...positionOf(text, start) };
}

/** An error the engine found in request message `index`, placed at the field its path names. */
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

/**
 * An error about one of several request messages, saying which: "message 2 of 3: …", or "message 2: …" in a
 * stream read from standard input, whose length is not known yet.
 */
export function inMessage(error: FerryError, index: number, count?: number): FerryError {
  if (count === undefined) return { ...error, message: `message ${index + 1}: ${error.message}` };
  return count > 1 ? { ...error, message: `message ${index + 1} of ${count}: ${error.message}` } : error;
}
