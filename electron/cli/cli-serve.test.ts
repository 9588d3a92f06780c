import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/kit/temp-dir';
import { hasStackTrace, runFerry } from './cli-test-kit';

// Flags go through the CLI's one argument parser; serving itself is tested in electron/serve.
describe('ferry serve (flags)', () => {
  it.each([
    [['--port', '70000'], 'ferry: --port expects a whole number from 0 to 65535, got "70000"'],
    [['--port'], 'ferry: flag --port needs a value'],
    [['--port', '1', '--port', '2'], 'ferry: --port is given twice, and only one is used; give one port'],
    [['--bogus'], 'ferry: unknown flag --bogus for `ferry serve` (see `ferry serve --help`)'],
    [['extra'], 'ferry: `ferry serve` takes no arguments, got "extra" (see `ferry serve --help`)'],
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    const run = await runFerry(['serve', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${message}\n`);
    expect(run.stdout).toBe('');
  });

  describe('with its port taken', () => {
    let taken: Server;
    beforeAll(() => new Promise<void>((resolve) => (taken = createServer().listen(0, '127.0.0.1', resolve))));
    afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

    it('says so, naming the flag to change, exit 2', async () => {
      const port = (taken.address() as { port: number }).port;
      const run = await runFerry(['serve', '--port', String(port)], { env: { XDG_DATA_HOME: tempDir('ferry-data-') } });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`ferry: port ${port} is already in use; choose another with --port\n`);
      expect(hasStackTrace(run.stderr)).toBe(false);
    });
  });
});
