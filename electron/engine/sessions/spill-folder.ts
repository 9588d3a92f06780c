/**
 * The one folder of spill files per process: `<tmp>/ferry-spill-<pid>`. Made on first use; removed when the
 * process exits, also on SIGTERM, SIGINT and SIGHUP; folders of processes that are gone are removed the first
 * time a process makes its own (a crash or SIGKILL leaves one behind).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace } from '../diagnostics/trace';

const PREFIX = 'ferry-spill-';
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

let folder: string | undefined;

/** The folder of this process, made (and the exit hooks set) on first call. */
export function spillFolder(): string {
  if (folder !== undefined) return folder;
  const root = process.env.FERRY_SPILL_DIR ?? tmpdir();
  removeStaleFolders(root);
  const path = join(root, `${PREFIX}${process.pid}`);
  mkdirSync(path, { recursive: true });
  folder = path;
  removeOnExit(path);
  trace('session', `spill folder ${path}`);
  return path;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (reason) {
    // EPERM: alive, but another user's.
    return (reason as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeStaleFolders(root: string): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.slice(PREFIX.length));
    if (!name.startsWith(PREFIX) || !Number.isSafeInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    rmSync(join(root, name), { recursive: true, force: true });
    trace('session', `removed the spill folder of ended process ${pid}`);
  }
}

function removeOnExit(path: string): void {
  const remove = () => rmSync(path, { recursive: true, force: true });
  process.once('exit', remove);
  for (const signal of SIGNALS) {
    const onSignal = () => {
      remove();
      // With a listener, Node no longer ends the process on the signal. If nobody else handles it, end it as
      // the signal would have (exit status 128 + signal number); otherwise the other listener decides.
      process.removeListener(signal, onSignal);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
