import { createTokenSource, type TokenSource } from '../engine';
import type { CliIo } from './cli-io';

/**
 * The OAuth 2.0 tokens of a CLI run's engine. An authorization code or device code grant needs a person at a
 * browser: at a terminal the run asks for a sign-in on standard error (the page, and a device grant's code to
 * enter there, in a browser on any machine) and waits for it (5 minutes at most), as `gh auth login` does;
 * anywhere else (CI, a pipe) a request that needs one fails at once, unsent.
 */
export function cliTokenSource(io: CliIo): TokenSource {
  if (!io.stdinIsTerminal) {
    return createTokenSource({ whereToSignIn: 'a sign-in needs a person at a browser, and standard input is not a terminal: run ferry from a terminal to sign in, or use a client credentials grant in CI' });
  }
  return createTokenSource({
    signIn: (name, url, userCode) => io.err(`ferry: sign in for {{${name}}}: open ${url}${userCode === undefined ? '' : ` and enter the code ${userCode}`}\n`),
  });
}
