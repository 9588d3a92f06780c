import { positionOf, type TextPosition } from '../../../shared/json/text-position';
import { lastAtOrBefore } from '../../../shared/util/sorted-search';

/**
 * Finding a declaration again in .proto text. protobufjs keeps no positions on what it builds, and its
 * resolve and duplicate errors name at most the enclosing type, so those errors look the place up in the
 * file: comments and strings blanked out, the nesting of messages, enums and services tracked, a name
 * matched only in the scope the error is about. A place that is not found exactly as expected is left
 * out: no line is better than a wrong one.
 */

/** The text with comments and string contents replaced by spaces, so offsets and line breaks stay put. */
export function blankCommentsAndStrings(text: string): string {
  return text.replace(/\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?/g, (match) =>
    match.replace(/[^\n]/g, ' '),
  );
}

/**
 * The scopes of a text in one pass, for the dotted path of the messages, enums and services enclosing an
 * offset, outermost first ('' at file level). A lookup is a binary search, so a pattern matching thousands of
 * times in a large file (every field numbered 1) costs one scan of it, not one per match.
 */
export function scopesOf(blanked: string): (offset: number) => string {
  const starts: number[] = [0];
  const paths: string[] = [''];
  const stack: string[] = [];
  const blocks = /\b(?:message|enum|service)\s+(\w+)\s*\{|[{}]/g;
  for (let match = blocks.exec(blanked); match !== null; match = blocks.exec(blanked)) {
    if (match[0] === '}') stack.pop();
    else stack.push(match[1] ?? '');
    // A block counts from its keyword on: a declaration's own name lies inside the match.
    starts.push(match.index + 1);
    paths.push(stack.filter(Boolean).join('.'));
  }
  return (offset) => paths[lastAtOrBefore(starts, offset)]!;
}

/** The file's package, '' when it declares none. */
export function packageOf(blanked: string): string {
  return /\bpackage\s+([\w.]+)\s*;/.exec(blanked)?.[1] ?? '';
}

/** The test of a scope for the object of this full name, in a file: its path inside the file's package. */
export function scopeIs(fullName: string, blanked: string): (scope: string) => boolean {
  const path = pathInPackage(fullName, packageOf(blanked));
  return (scope) => scope === path;
}

/** A protobufjs full name ('.pkg.Outer.Inner') as a path inside its file's package ('Outer.Inner'). */
export function pathInPackage(fullName: string, pkg: string): string {
  const name = fullName.replace(/^\./, '');
  if (pkg === '') return name;
  return name === pkg ? '' : name.startsWith(`${pkg}.`) ? name.slice(pkg.length + 1) : name;
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface TextMatch {
  /** Offset of the first named group that matched (of the match when none did). */
  at: number;
  match: RegExpExecArray;
}

/**
 * Every match of `pattern` (global, with the `d` flag when it has named groups for the offset to report)
 * whose scope, taken where the match starts, passes `inScope`.
 */
export function matchesInScope(blanked: string, pattern: RegExp, inScope: (scope: string) => boolean): TextMatch[] {
  const found: TextMatch[] = [];
  const scopeAtOffset = scopesOf(blanked);
  for (let match = pattern.exec(blanked); match !== null; match = pattern.exec(blanked)) {
    if (!inScope(scopeAtOffset(match.index))) continue;
    const group = Object.values(match.indices?.groups ?? {}).find((range) => range !== undefined);
    found.push({ at: group ? group[0] : match.index, match });
  }
  return found;
}

/** The offset of the first use of the name `used` in a declaration starting at `from`, before its `;` or `{`. */
export function useAfter(blanked: string, from: number, used: string): number | undefined {
  const end = blanked.slice(from).search(/[;{]/);
  const signature = blanked.slice(from, end === -1 ? undefined : from + end);
  const at = new RegExp(`(?<![\\w.])${escapeRegExp(used)}(?![\\w.])`).exec(signature)?.index;
  return at === undefined ? undefined : from + at;
}

/** Where `import "name";` names the file, outside comments; undefined when the text has no such import. */
export function importAt(text: string, name: string): TextPosition | undefined {
  const blanked = blankCommentsAndStrings(text);
  const imports = new RegExp(`\\bimport\\s+(?:weak\\s+|public\\s+)?(?<at>"${escapeRegExp(name)}"|'${escapeRegExp(name)}')`, 'dg');
  for (let match = imports.exec(text); match !== null; match = imports.exec(text)) {
    // The keyword survives blanking only outside comments (the name, a string, never does).
    if (blanked.startsWith('import', match.index)) return positionOf(text, match.indices!.groups!.at![0] + 1);
  }
  return undefined;
}
