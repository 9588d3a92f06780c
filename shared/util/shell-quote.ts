/** Characters a POSIX shell passes through unquoted; anything else gets single quotes. */
const SAFE_WORD = /^[A-Za-z0-9_\-.,:/@%+=]+$/;

/** Quotes a word for sh/bash/zsh: single quotes, with `'` written as `'\''`. */
export function shellQuote(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
