/** The Mock server section's responses text, as `ferry mock --responses` reads it: what the page writes into it. */
import { parseJson } from '../../shared/json';
import { casesWithFirst, type MethodSummary } from '../../shared/model';

type Added = { ok: true; text: string } | { ok: false; message: string };
type Entries = { ok: true; entries: Record<string, unknown> } | { ok: false; message: string };

const indented = (text: string, by: string) => text.trim().replace(/\n/g, `\n${by}`);

/** The responses text read as its object of methods (empty text: none yet), or why it cannot be. */
function entriesOf(text: string): Entries {
  let entries: unknown = {};
  if (text.trim() !== '') {
    try {
      entries = parseJson(text, { file: 'responses' });
    } catch (reason) {
      return { ok: false, message: `The responses are not JSON yet: ${(reason as Error).message}` };
    }
  }
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return { ok: false, message: 'The responses must be a JSON object of methods and their answers.' };
  return { ok: true, entries: entries as Record<string, unknown> };
}

/** The text with `"key": entry` (`entry` JSON text, indented for its place) added at its end, the rest as typed. */
function appended(text: string, key: string, entry: string): string {
  const line = `  ${JSON.stringify(key)}: ${entry}`;
  if (text.trim() === '') return `{\n${line}\n}\n`;
  const end = text.lastIndexOf('}');
  const before = text.slice(0, end).trimEnd();
  return `${before}${before.endsWith('{') ? '' : ','}\n${line}\n}${text.slice(end + 1)}`;
}

/**
 * The responses text with an entry for `method` answering `example` (JSON text; a server or bidi stream
 * answers it twice) added at its end, the rest of the text as it was typed; refused when the text is not a
 * JSON object or already answers the method.
 */
export function withExampleResponse(text: string, method: MethodSummary, example: string): Added {
  const read = entriesOf(text);
  if (!read.ok) return read;
  const key = method.path.slice(1);
  if (key in read.entries) return { ok: false, message: `The responses already answer ${key}.` };
  const streams = method.kind === 'server-stream' || method.kind === 'bidi';
  const entry = streams ? `{\n    "responses": [\n      ${indented(example, '      ')},\n      ${indented(example, '      ')}\n    ]\n  }` : `{\n    "response": ${indented(example, '    ')}\n  }`;
  return { ok: true, text: appended(text, key, entry) };
}

/** A recorded call's answer: its response, a stream's responses, the error status it ended with (after a stream's messages). */
export type RecordedAnswer = { response?: unknown; responses?: unknown[]; status?: unknown };

/**
 * The responses text with a case giving `answer` to a request like `request` (its fields as `when`) put
 * first among `key`'s cases (a case with the same `when` is replaced), so a call recorded in the page is
 * answered so by the mock. A method the text does not answer yet is added at its end, the rest as typed;
 * otherwise the text is written anew (2-space JSON; an integer past 2^53 keeps its digits, as a string, which
 * ProtoJSON reads alike).
 */
export function withRecordedCase(text: string, key: string, request: unknown, answer: RecordedAnswer): Added {
  const read = entriesOf(text);
  if (!read.ok) return read;
  const recorded = { when: request, ...answer };
  if (!(key in read.entries)) return { ok: true, text: appended(text, key, indented(JSON.stringify([recorded], null, 2), '  ')) };
  return { ok: true, text: `${JSON.stringify({ ...read.entries, [key]: casesWithFirst(read.entries[key], recorded) }, null, 2)}\n` };
}
