/**
 * Data for a data-driven collection run (`ferry run --iteration-data`, the app's Run with a data file): the
 * collection runs once per row, each row's values set as variables (Newman's and Bruno's data-driven runs).
 * A `.csv` file has a header row of variable names, each value read as JSON when it is JSON, else as text;
 * any other file is a JSON array of objects.
 */
import { fail } from '../errors';
import { locateJsonPath, parseJson } from '../json';
import { variableValueOf } from '../util/variable-text';
import { VARIABLE_NAME, VARIABLE_NAME_RULE } from './workspace';

/** One iteration's variables, by name. */
export type IterationRow = ReadonlyMap<string, unknown>;

/** The rows of a data file's text; `file` names it in errors (and a `.csv` name reads it as CSV). Throws a BAD_INPUT naming the place. */
export function parseIterationData(text: string, file: string): IterationRow[] {
  const content = text.replace(/^\uFEFF/, '');
  const rows = file.toLowerCase().endsWith('.csv') ? csvRows(content, file) : jsonRows(content, file);
  if (rows.length === 0) fail('BAD_INPUT', `${file} has no rows: the collection would not run at all`, { file });
  return rows;
}

function jsonRows(text: string, file: string): IterationRow[] {
  const value = parseJson(text, { file });
  if (!Array.isArray(value)) return fail('BAD_INPUT', `${file}: expected a JSON array of objects, one per iteration`, { file, ...locateJsonPath(text, []) });
  return value.map((row: unknown, i) => {
    const at = () => ({ file, ...locateJsonPath(text, [i]) });
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return fail('BAD_INPUT', `${file}: row ${i + 1} is not an object of variables`, at());
    for (const name of Object.keys(row)) checkName(name, file, `row ${i + 1}`, at());
    return new Map(Object.entries(row));
  });
}

function checkName(name: string, file: string, where: string, details: Record<string, unknown>): void {
  if (!VARIABLE_NAME.test(name)) fail('BAD_INPUT', `${file}: ${where}: "${name}" is not a variable name (${VARIABLE_NAME_RULE})`, details);
}

/** RFC 4180 CSV: fields split by commas, quoted fields may hold commas, quotes (doubled) and line breaks. */
function csvRows(text: string, file: string): IterationRow[] {
  const records = csvRecords(text, file).filter((record) => !(record.fields.length === 1 && record.fields[0] === ''));
  const [header, ...rows] = records;
  if (!header) return [];
  header.fields.forEach((name) => checkName(name, file, 'the header row', { file, line: header.line }));
  return rows.map((row) => {
    if (row.fields.length !== header.fields.length) {
      fail('BAD_INPUT', `${file}:${row.line}: ${row.fields.length} values, but the header names ${header.fields.length} variables`, { file, line: row.line });
    }
    return new Map(header.fields.map((name, i) => [name, variableValueOf(row.fields[i]!)]));
  });
}

function csvRecords(text: string, file: string): Array<{ fields: string[]; line: number }> {
  const records: Array<{ fields: string[]; line: number }> = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' && field === '') {
      const end = closingQuote(text, i + 1);
      if (end === -1) fail('BAD_INPUT', `${file}:${line}: a quoted value is never closed`, { file, line });
      field = text.slice(i + 1, end).replace(/""/g, '"');
      line += (field.match(/\n/g) ?? []).length;
      i = end;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      records.push({ fields: [...fields, field], line: start });
      fields = [];
      field = '';
      start = ++line;
    } else {
      field += c;
    }
  }
  if (field !== '' || fields.length > 0) records.push({ fields: [...fields, field], line: start });
  return records;
}

/** The index of the quote that closes a quoted field opened before `from`; a doubled quote is a quote. */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] !== '"') continue;
    if (text[i + 1] === '"') i++;
    else return i;
  }
  return -1;
}

/**
 * The iterations of a run: once with no data; once per data row; or `count` times (`ferry run -n`, the app's
 * Iterations), iteration i taking row i mod the rows' count (newman's `-n` with `-d`), none without data.
 */
export function iterationsOf(rows: readonly IterationRow[] | undefined, count: number | undefined): Array<IterationRow | undefined> {
  if (count === undefined) return rows && rows.length > 0 ? [...rows] : [undefined];
  return Array.from({ length: count }, (_, i) => (rows && rows.length > 0 ? rows[i % rows.length] : undefined));
}
