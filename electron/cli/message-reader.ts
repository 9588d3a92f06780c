/**
 * Splits request data into messages while it is still arriving, so each message can be sent the moment
 * its last character is read (grpcurl's `-d @`): typed into a terminal, piped from a live process, or read
 * from a file. Nothing is parsed here beyond finding where one message ends.
 */

import type { MessageText } from '../engine';

/** A message's text and where it starts in the whole input, so parse errors can point there. */
export type RawMessage = MessageText;

/** grpcurl's separator between text-format messages: the ASCII record separator. */
export const RECORD_SEPARATOR = '\x1e';

class Position {
  line = 1;
  column = 1;

  advance(c: string): void {
    if (c === '\n') {
      this.line++;
      this.column = 1;
    } else this.column++;
  }
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * JSON values one after another, as Go's json.Decoder reads them (`{"a":1}{"a":2}`, or separated by
 * whitespace). An object or array ends at its closing bracket, a string at its closing quote, a number or
 * literal at the next whitespace or bracket. Anything malformed is passed on for the parser to report.
 */
export async function* readJsonMessages(chunks: AsyncIterable<string>): AsyncGenerator<RawMessage> {
  const at = new Position();
  let text = '';
  let start = { line: 1, column: 1 };
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false;
  const take = (): RawMessage => {
    const message = { text, ...start };
    text = '';
    scalar = false;
    return message;
  };
  for await (const chunk of chunks) {
    for (const c of chunk) {
      if (scalar && (isSpace(c) || c === '{' || c === '[' || c === '"')) yield take();
      if (text === '') {
        if (!isSpace(c)) {
          start = { line: at.line, column: at.column };
          text = c;
          if (c === '{' || c === '[') depth = 1;
          else if (c === '"') inString = true;
          else scalar = true;
        }
        at.advance(c);
        continue;
      }
      text += c;
      at.advance(c);
      if (scalar) continue;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') {
          inString = false;
          if (depth === 0) yield take();
        }
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) yield take();
    }
  }
  if (text !== '') yield take();
}

/**
 * Text-format messages separated by the record separator (0x1E), as grpcurl reads them. Empty input is one
 * empty message, and a separator at the very end adds a final empty one: text format has no empty stream.
 */
export async function* readTextMessages(chunks: AsyncIterable<string>): AsyncGenerator<RawMessage> {
  const at = new Position();
  let text = '';
  let start = { line: 1, column: 1 };
  for await (const chunk of chunks) {
    for (const c of chunk) {
      if (c === RECORD_SEPARATOR) {
        yield { text, ...start };
        text = '';
        at.advance(c);
        start = { line: at.line, column: at.column };
        continue;
      }
      text += c;
      at.advance(c);
    }
  }
  yield { text, ...start };
}

/** A string as the single chunk of a stream (request data given on the command line or in a file). */
export async function* chunksOf(text: string): AsyncGenerator<string> {
  yield text;
}
