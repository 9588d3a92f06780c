import { fail } from '../../../shared/errors';

// Quoting is shared with the page (its `ferry bench` command); splitting stays here.
export { shellQuote } from '../../../shared/util/shell-quote';

/**
 * Splits a pasted command line into words the way sh does, for the parts people paste: single quotes
 * (literal), double quotes (with \" \\ \$ \` escapes), backslash escapes, `\`-newline continuations and
 * `#` comments. A `$NAME` or `${NAME}` outside single quotes becomes `{{NAME}}`: the pasted command meant
 * "a value from somewhere else", which in Ferry is a variable. Anything needing a real shell (command
 * substitution, globs that matter, pipes) is an error, not a guess.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  const append = (s: string) => (word = (word ?? '') + s);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') i++; // continuation
      else if (next === '\r' && text[i + 2] === '\n') i += 2;
      else if (next !== undefined) append(text[++i]!);
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) unterminated("'", text, i);
      append(text.slice(i + 1, end));
      i = end;
    } else if (c === '"') {
      i = readDoubleQuoted(text, i, append);
    } else if (c === '$') {
      i = readVariable(text, i, append);
    } else if (c === '#' && word === undefined) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if ('|;&<>`'.includes(c)) {
      fail('BAD_INPUT', `"${c}" at character ${i + 1} needs a shell; paste a single grpcurl command`);
    } else {
      append(c);
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

function readDoubleQuoted(text: string, open: number, append: (s: string) => void): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return i;
    if (c === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      if (next === '\n') i++;
      else if ('"\\$`'.includes(next)) append(text[++i]!);
      else append(c);
    } else if (c === '$') {
      i = readVariable(text, i, append);
    } else if (c === '`') {
      fail('BAD_INPUT', `command substitution at character ${i + 1} needs a shell`);
    } else {
      append(c);
    }
  }
  return unterminated('"', text, open);
}

function readVariable(text: string, dollar: number, append: (s: string) => void): number {
  const match = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(text.slice(dollar));
  if (!match) {
    if (text[dollar + 1] === '(') fail('BAD_INPUT', `command substitution at character ${dollar + 1} needs a shell`);
    append('$');
    return dollar;
  }
  append(`{{${match[1] ?? match[2]}}}`);
  return dollar + match[0].length - 1;
}

function unterminated(quote: string, text: string, at: number): never {
  const line = text.slice(0, at).split('\n').length;
  return fail('BAD_INPUT', `unterminated ${quote} quote starting on line ${line}`, { line, expected: `a closing ${quote}` });
}
