/** Test-only: runs the real `ferry` binary (bin/ferry.js, its bundle built by vitest's global setup, tests/kit/build-cli.ts) as a user would. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { CliIo } from './cli-io';

export const FERRY_BIN = join(__dirname, '..', '..', 'bin', 'ferry.js');

/** The data folder (XDG_DATA_HOME) runs get unless a test names its own: never the user's, so no schema cache leaks in. */
const TEST_DATA_HOME = mkdtempSync(join(tmpdir(), 'ferry-cli-data-'));
// Removed after the test file that loaded this kit (each file gets its own module instance).
afterAll(() => rmSync(TEST_DATA_HOME, { recursive: true, force: true }));

export interface FerryRun {
  /** The exit status; -1 when `killAfterMs` had to kill the process. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface FerryRunOptions {
  stdin?: string | Uint8Array;
  env?: Record<string, string>;
  /** Kills a run that hangs (a generous bound that only a hang exceeds, never a timing assertion). */
  killAfterMs?: number;
  /** The working directory (`ferry call --env` looks for the workspace around it). */
  cwd?: string;
}

export function runFerry(args: string[], options: FerryRunOptions = {}): Promise<FerryRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FERRY_BIN, ...args], {
      env: { ...process.env, FERRY_TRACE: '', XDG_DATA_HOME: TEST_DATA_HOME, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.cwd !== undefined && { cwd: options.cwd }),
      ...(options.killAfterMs !== undefined && { timeout: options.killAfterMs }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** Every line of stderr, to check that no failure prints a stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text);
}

/** A CliIo that keeps what a command writes, for tests that run a command in-process; no standard input. */
export function captureIo(): { io: CliIo; captured: { out: string; err: string } } {
  const captured = { out: '', err: '' };
  const io: CliIo = { out: (t) => void (captured.out += t), err: (t) => void (captured.err += t), readStdin: async () => new Uint8Array(0), stdinChunks: async function* () {}, flush: async () => {}, onInterrupt: () => () => undefined, errIsTerminal: false, stdinIsTerminal: false };
  return { io, captured };
}

