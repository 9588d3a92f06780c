import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { browseSignIn, startOAuth2Server, type OAuth2Server } from '../engine/testing/oauth2-server';
import { createEnvSecretStore } from '../engine/workspace';
import { captureIo, runFerry } from './cli-test-kit';
import { runRun } from './commands/run';
import { writeTokenWorkspace } from '../engine/testing/token-workspace';
import { tempDir } from '../../tests/kit/temp-dir';

describe('the CLI with an OAuth 2.0 token a person signs in for (authorization code grant)', () => {
  let server: BenchServer;
  let auth: OAuth2Server;
  let root: string;
  beforeAll(async () => {
    server = await startBenchServer();
    auth = await startOAuth2Server({}, { publicClients: ['ferry-cli'] });
    root = writeTokenWorkspace(tempDir('ferry-sign-in-run-'), 'Sign in', {
      dev: [
        { name: 'host', value: server.target, secret: false },
        { name: 'accessToken', secret: true, oauth2: { grant: 'authorization_code', tokenUrl: auth.tokenUrl, authUrl: auth.authUrl, clientId: 'ferry-cli' } },
      ],
    });
  });
  afterAll(async () => {
    await auth.close();
    await server.close();
  });

  it('fails at once, unsent, when standard input is not a terminal (CI): nobody is there to sign in', async () => {
    const calls = server.stats.calls;
    const run = await runFerry(['run', root], { killAfterMs: 60_000 });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('OAuth 2.0 token {{accessToken}}: nobody has signed in yet (authorization code grant): a sign-in needs a person at a browser, and standard input is not a terminal');
    expect(run.stdout).toContain('use a client credentials grant in CI');
    const call = await runFerry(['call', '--plaintext', '--env', 'dev', '{{host}}', 'ferry.testing.v1.Bench/Echo'], { cwd: root, killAfterMs: 60_000 });
    expect(call.code).not.toBe(0);
    expect(call.stderr).toContain('nobody has signed in yet');
    expect(run.stderr + call.stderr).not.toContain('open http');
    expect(auth.seen).toEqual([]);
    expect(server.stats.calls).toBe(calls);
  });

  it('at a terminal, asks on standard error for a sign-in, waits for the browser, then runs every request with the token', async () => {
    const { io, captured } = captureIo();
    const prompts: string[] = [];
    const terminal = {
      ...io,
      stdinIsTerminal: true,
      err(text: string) {
        io.err(text);
        const url = /^ferry: sign in for \{\{accessToken\}\}: open (\S+)\n$/.exec(text)?.[1];
        // The person at the terminal opens the page in a browser.
        if (url) void browseSignIn((prompts.push(url), url));
      },
    };
    expect(await runRun([root, '--reporter', 'json'], terminal, { secrets: createEnvSecretStore({}) })).toBe(0);
    expect(prompts).toHaveLength(1);
    expect(new URL(prompts[0]!).origin + new URL(prompts[0]!).pathname).toBe(auth.authUrl);
    // One sign-in, one exchange, for both requests.
    expect(auth.seen.map((seen) => seen.form.grant_type)).toEqual(['authorization_code']);
    const report = JSON.parse(captured.out) as { requests: Array<{ passed: boolean }> };
    expect(report.requests.map((request) => request.passed)).toEqual([true, true]);
    expect(captured.out + captured.err).not.toMatch(/token-\d/);
  });
});
