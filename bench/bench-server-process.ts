/** Starts the benchmarks' gRPC server (processes/stream-server.ts) in a child process. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ServerProcess {
  target: string;
  pid: number;
  close(): Promise<void>;
}

export function startServerProcess(): Promise<ServerProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'stream-server.cjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench server exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        target: `127.0.0.1:${port}`,
        pid: child.pid!,
        close: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.stdin!.end();
          }),
      });
    });
  });
}
