import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine';
import { rawGet } from './testing/raw-http';
import { writeStandInBundle } from './testing/serve-fixture';
import { browserCommand } from './open-browser';
import { parseServeArgs, runServeCommand } from './run-serve-command';
import { existsSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { until } from '../../tests/kit/until';

function captureIo() {
  const io = { stdout: '', stderr: '', out: (text: string) => void (io.stdout += text), err: (text: string) => void (io.stderr += text) };
  return io;
}

describe('parseServeArgs', () => {
  it('reads --port, --port=, --open and --help', () => {
    expect(parseServeArgs([])).toEqual({ help: false, port: 0, open: false });
    expect(parseServeArgs(['--port', '8080', '--open'])).toEqual({ help: false, port: 8080, open: true });
    expect(parseServeArgs(['--port=0'])).toEqual({ help: false, port: 0, open: false });
    expect(parseServeArgs(['--open', '-h'])).toEqual({ help: true });
  });

  it('refuses bad ports and unknown arguments', () => {
    expect(() => parseServeArgs(['--port'])).toThrow('--port needs a number from 0 to 65535, got nothing');
    expect(() => parseServeArgs(['--port', '70000'])).toThrow('got "70000"');
    expect(() => parseServeArgs(['--port', '-1'])).toThrow('got "-1"');
    expect(() => parseServeArgs(['--host', '0.0.0.0'])).toThrow('unknown argument "--host"');
  });
});

describe('browserCommand', () => {
  it('uses the platform opener', () => {
    expect(browserCommand('http://x/', 'linux')).toEqual({ file: 'xdg-open', args: ['http://x/'] });
    expect(browserCommand('http://x/', 'darwin')).toEqual({ file: 'open', args: ['http://x/'] });
    expect(browserCommand('http://x/', 'win32')).toEqual({ file: 'cmd', args: ['/c', 'start', '""', 'http://x/'] });
  });
});

describe('runServeCommand', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(() => cleanup?.());

  it('prints usage for --help and exits 2 on bad usage', async () => {
    const io = captureIo();
    expect(await runServeCommand(['--help'], createEngine, { io })).toBe(0);
    expect(io.stdout).toContain('Usage: ferry serve [--port N] [--open]');
    expect(await runServeCommand(['--bogus'], createEngine, { io })).toBe(2);
    expect(io.stderr).toContain('unknown argument "--bogus"');
  });

  it('serves until stopped, prints the URL, opens the browser on --open, then disposes the API', async () => {
    const bundle = await writeStandInBundle();
    cleanup = () => rm(bundle.root, { recursive: true, force: true });
    const io = captureIo();
    const stop = new AbortController();
    const opened: string[] = [];
    let disposed = false;
    const makeApi = () => {
      const engine = createEngine();
      return {
        ...engine,
        dispose: () => {
          disposed = true;
          engine.dispose();
        },
      };
    };
    const openBrowser = async (url: string) => {
      opened.push(url);
      return true;
    };
    const exit = runServeCommand(['--open'], makeApi, { io, signal: stop.signal, staticDir: bundle.staticDir, openBrowser });
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
    expect(await exit).toBe(0);
    expect(disposed).toBe(true);
    expect(existsSync(opened[0]!)).toBe(false);
    await expect(rawGet(Number(port), '/')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('reports a port in use as bad usage', async () => {
    const bundle = await writeStandInBundle();
    const stop = new AbortController();
    const first = captureIo();
    const running = runServeCommand([], createEngine, { io: first, signal: stop.signal, staticDir: bundle.staticDir });
    await until(() => first.stdout.includes('\n'), 'the first URL line');
    const port = /127\.0\.0\.1:(\d+)/.exec(first.stdout)![1]!;
    cleanup = async () => {
      stop.abort();
      await running;
      await rm(bundle.root, { recursive: true, force: true });
    };
    const second = captureIo();
    expect(await runServeCommand(['--port', port], createEngine, { io: second, staticDir: bundle.staticDir })).toBe(2);
    expect(second.stderr).toBe(`ferry: port ${port} is already in use; choose another with --port\n`);
  });
});
