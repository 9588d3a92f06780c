/** The CLI's view of its terminal: output, errors and input, so commands never touch process.* directly. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** All of standard input, as bytes (callers check the UTF-8 themselves, to name a bad byte's offset). */
  readStdin(): Promise<Uint8Array>;
  /** Standard input as it arrives (a line at a time from a terminal), for requests streamed while they are typed. */
  stdinChunks(): AsyncIterable<Uint8Array>;
  /** Resolves once everything written has reached the OS (process.exit would drop buffered pipe output). */
  flush(): Promise<void>;
  /**
   * Calls `listener` on the first Ctrl+C (SIGINT) instead of ending the process, until the returned function
   * is called; a second Ctrl+C ends the process as usual.
   */
  onInterrupt(listener: () => void): () => void;
  /** Standard error is a terminal: a progress line may be redrawn on it (never in a pipe or a CI log). */
  errIsTerminal: boolean;
  /** Standard input is a terminal: a person is there, who can sign in at a browser when a token needs it. */
  stdinIsTerminal: boolean;
}

/**
 * grpc-js sets the TLS server name to the target's host even when it is an IP address, and Node then
 * warns (DEP0123) on every TLS call to `127.0.0.1:…`. The warning is about grpc-js, not the user's
 * command, so it must not clutter the output; every other warning still prints.
 */
function silenceIpServernameWarning(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
    const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
    if (code === 'DEP0123') return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}

export function createCliIo(): CliIo {
  silenceIpServernameWarning();
  // A closed pipe (`ferry call … | head -1`) is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    stdinChunks: () => process.stdin as AsyncIterable<Buffer>,
    flush: () =>
      new Promise<void>((resolve) => {
        process.stdout.write('', () => process.stderr.write('', () => resolve()));
      }),
    errIsTerminal: process.stderr.isTTY === true,
    stdinIsTerminal: process.stdin.isTTY === true,
    onInterrupt: (listener) => {
      process.once('SIGINT', listener);
      return () => void process.off('SIGINT', listener);
    },
  };
}
