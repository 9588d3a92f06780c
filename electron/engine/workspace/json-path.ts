import { err, ferryError, ok, type Result } from '../../../shared/errors';

/**
 * The small JSONPath subset assertions use (docs/workspace-format.md):
 *   $                 the root
 *   .name  ['name']   a member (bracket form for names with dots, spaces or dashes)
 *   [2]  [-1]         an array element (negative counts from the end)
 *   [*]  .*           every element of an array, or every member value of an object
 * No filters, slices or recursive descent: a CI check should read plainly, and anything fancier belongs
 * in a real test.
 */
export type JsonPathSegment = { kind: 'member'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

export interface JsonPath {
  text: string;
  segments: JsonPathSegment[];
  /** True when a wildcard may select several values. */
  multiple: boolean;
}

const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*/;

export function parseJsonPath(text: string): Result<JsonPath> {
  if (!text.startsWith('$')) return bad(text, 0, 'must start with $');
  const segments: JsonPathSegment[] = [];
  let pos = 1;
  while (pos < text.length) {
    const rest = text.slice(pos);
    let match: RegExpMatchArray | null;
    if (rest.startsWith('.*') || rest.startsWith('[*]')) {
      segments.push({ kind: 'wildcard' });
      pos += rest.startsWith('.*') ? 2 : 3;
    } else if (rest.startsWith('.') && (match = rest.slice(1).match(NAME))) {
      segments.push({ kind: 'member', name: match[0] });
      pos += 1 + match[0].length;
    } else if ((match = rest.match(/^\[(-?\d+)\]/))) {
      segments.push({ kind: 'index', index: Number(match[1]) });
      pos += match[0].length;
    } else if ((match = rest.match(/^\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/))) {
      const quoted = match[1] ?? match[2] ?? '';
      segments.push({ kind: 'member', name: quoted.replace(/\\(.)/g, '$1') });
      pos += match[0].length;
    } else {
      return bad(text, pos, `unexpected "${rest[0]}"`);
    }
  }
  return ok({ text, segments, multiple: segments.some((s) => s.kind === 'wildcard') });
}

function bad(text: string, pos: number, what: string): Result<JsonPath> {
  return err(ferryError('BAD_INPUT', `invalid JSONPath ${JSON.stringify(text)} at character ${pos + 1}: ${what}`, {
    expected: "$ followed by .name, ['name'], [index] or [*]",
  }));
}

/** Every value the path selects, in document order; empty when nothing matches. */
export function evaluateJsonPath(path: JsonPath, root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const segment of path.segments) {
    const next: unknown[] = [];
    for (const value of current) next.push(...step(segment, value));
    current = next;
  }
  return current;
}

function step(segment: JsonPathSegment, value: unknown): unknown[] {
  if (segment.kind === 'wildcard') {
    if (Array.isArray(value)) return value;
    return typeof value === 'object' && value !== null ? Object.values(value) : [];
  }
  if (segment.kind === 'index') {
    if (!Array.isArray(value)) return [];
    const index = segment.index < 0 ? value.length + segment.index : segment.index;
    return index >= 0 && index < value.length ? [value[index]] : [];
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.prototype.hasOwnProperty.call(value, segment.name) ? [(value as Record<string, unknown>)[segment.name]] : [];
}
