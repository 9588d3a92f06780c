import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/kit/temp-dir';
import { startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { startOAuth2Server, type OAuth2Server } from '../engine/testing/oauth2-server';
import { writeTokenWorkspace } from '../engine/testing/token-workspace';
import { createEnvSecretStore } from '../engine/workspace';
import { captureIo, runFerry } from './cli-test-kit';
import { runRun } from './commands/run';

describe('the CLI with an OAuth 2.0 token by the device authorization grant', () => {
  let server: BenchServer;
  let auth: OAuth2Server;
  let root: string;
  beforeAll(async () => {
    server = await startBenchServer();
    auth = await startOAuth2Server({}, { publicClients: ['ferry-cli'] });
    // A fraction of a second between polls, so the test does not wait the 5 s a provider usually asks.
    auth.device.interval = 0.05;
    root = writeTokenWorkspace(tempDir('ferry-device-run-'), 'Device', {
      dev: [
        { name: 'host', value: server.target, secret: false },
        { name: 'accessToken', secret: true, oauth2: { grant: 'device_code', tokenUrl: auth.tokenUrl, deviceAuthUrl: auth.deviceAuthUrl, clientId: 'ferry-cli' } },
      ],
    });
  });
  afterAll(async () => {
    await auth.close();
    await server.close();
  });

  it('fails at once, unsent, when standard input is not a terminal (CI): nobody is there to enter the code', async () => {
    const calls = server.stats.calls;
    const run = await runFerry(['run', root], { killAfterMs: 60_000 });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('OAuth 2.0 token {{accessToken}}: nobody has signed in yet (device code grant): a sign-in needs a person at a browser, and standard input is not a terminal');
    expect(run.stderr).not.toContain('enter the code');
    expect(auth.devices).toEqual([]);
    expect(auth.seen).toEqual([]);
    expect(server.stats.calls).toBe(calls);
  });

  it('at a terminal, shows the page and the code on standard error, waits until it is entered, then runs every request with the token', async () => {
    const { io, captured } = captureIo();
    const prompts: string[] = [];
    const terminal = {
      ...io,
      stdinIsTerminal: true,
      err(text: string) {
        io.err(text);
        const code = /^ferry: sign in for \{\{accessToken\}\}: open (\S+) and enter the code (\S+)\n$/.exec(text)?.[2];
        // The person enters the code on the page, in a browser on any machine.
        if (code) setTimeout(() => auth.approveDevice((prompts.push(text), code)), 100);
      },
    };
    expect(await runRun([root, '--reporter', 'json'], terminal, { secrets: createEnvSecretStore({}) })).toBe(0);
    const device = auth.devices.at(-1)!;
    expect(prompts).toEqual([`ferry: sign in for {{accessToken}}: open ${auth.deviceAuthUrl}?user_code=${device.userCode} and enter the code ${device.userCode}\n`]);
    // One sign-in, for both requests: polls until the code was entered, then none.
    const grants = auth.seen.map((seen) => seen.form.grant_type);
    expect(new Set(grants)).toEqual(new Set(['urn:ietf:params:oauth:grant-type:device_code']));
    expect(grants.length).toBe(device.polledAt.length);
    const report = JSON.parse(captured.out) as { requests: Array<{ passed: boolean }> };
    expect(report.requests.map((request) => request.passed)).toEqual([true, true]);
    expect(captured.out + captured.err).not.toMatch(/token-\d/);
  });
});
