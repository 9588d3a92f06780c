import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine';
import { rawGet } from './testing/raw-http';
import { writeStandInBundle } from './testing/serve-fixture';
import { browserCommand } from './open-browser';
import { serveUntilStopped } from './serve-until-stopped';
import { rejectionOf } from '../../tests/kit/failure-of';
import { existsSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { until } from '../../tests/kit/until';

function captureIo() {
  const io = { stdout: '', stderr: '', out: (text: string) => void (io.stdout += text), err: (text: string) => void (io.stderr += text) };
  return io;
}

describe('browserCommand', () => {
  it('uses the platform opener', () => {
    expect(browserCommand('http://x/', 'linux')).toEqual({ file: 'xdg-open', args: ['http://x/'] });
    expect(browserCommand('http://x/', 'darwin')).toEqual({ file: 'open', args: ['http://x/'] });
    expect(browserCommand('http://x/', 'win32')).toEqual({ file: 'cmd', args: ['/c', 'start', '""', 'http://x/'] });
  });
});

describe('serveUntilStopped', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(() => cleanup?.());

  it('serves until stopped, prints the URL, opens the browser on --open, then closes the API', async () => {
    const bundle = await writeStandInBundle();
    cleanup = () => rm(bundle.root, { recursive: true, force: true });
    const io = captureIo();
    const stop = new AbortController();
    const opened: string[] = [];
    let closed = false;
    const makeApi = () => {
      const engine = createEngine();
      return {
        ...engine,
        close: async () => {
          closed = true;
          await engine.close();
        },
      };
    };
    const openBrowser = async (url: string) => {
      opened.push(url);
      return true;
    };
    const done = serveUntilStopped(makeApi, { port: 0, open: true, io, signal: stop.signal, staticDir: bundle.staticDir, openBrowser });
    await until(() => io.stdout.includes('\n'), 'the URL line');
    const match = /^Ferry is serving on (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43}))\n$/.exec(io.stdout);
    expect(match).not.toBeNull();
    const [, url, port] = match!;
    // The browser gets a private file that forwards to the URL, so the token stays off command lines.
    await until(() => opened.length > 0, 'the browser to be opened');
    expect(opened).toHaveLength(1);
    expect(await readFile(opened[0]!, 'utf8')).toContain(`content="0;url=${url}"`);
    expect((await stat(opened[0]!)).mode & 0o077).toBe(0);
    expect((await rawGet(Number(port), new URL(url!).pathname + new URL(url!).search)).status).toBe(200);
    stop.abort();
    await done;
    expect(closed).toBe(true);
    expect(existsSync(opened[0]!)).toBe(false);
    await expect(rawGet(Number(port), '/')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('fails with BAD_INPUT, naming the flag, when the port is in use', async () => {
    const bundle = await writeStandInBundle();
    const stop = new AbortController();
    const first = captureIo();
    const running = serveUntilStopped(createEngine, { port: 0, open: false, io: first, signal: stop.signal, staticDir: bundle.staticDir });
    await until(() => first.stdout.includes('\n'), 'the first URL line');
    const port = /127\.0\.0\.1:(\d+)/.exec(first.stdout)![1]!;
    cleanup = async () => {
      stop.abort();
      await running;
      await rm(bundle.root, { recursive: true, force: true });
    };
    const failure = await rejectionOf(serveUntilStopped(createEngine, { port: Number(port), open: false, io: captureIo(), staticDir: bundle.staticDir }));
    expect(failure).toEqual({ code: 'BAD_INPUT', message: `port ${port} is already in use; choose another with --port` });
  });
});
