import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capture, RequestFile } from '../../shared/model';
import { startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { createEnvSecretStore, serializeEnvironmentFile, serializeManifestFile, serializeRequestFile } from '../engine/workspace';
import { captureIo } from './cli-test-kit';
import { runRun } from './commands/run';
import { tempDir } from '../../tests/kit/temp-dir';

const ECHO = 'ferry.testing.v1.Bench/Echo';
const secrets = createEnvSecretStore({});


function echo(name: string, order: number, body: string, overrides: Partial<RequestFile> = {}): RequestFile {
  return { formatVersion: 3, name, order, target: '{{host}}', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, method: ECHO, metadata: [], messages: [body], assertions: [], ...overrides };
}

const jsonPath = (variable: string, path: string, secret = false): Capture => ({ variable, from: 'jsonPath', path, secret });
const header = (variable: string, path: string, secret = false): Capture => ({ variable, from: 'header', path, secret });

/** A workspace whose requests, in order, are the given files. */
function workspace(target: string, requests: RequestFile[]): string {
  const root = tempDir('ferry-captures-');
  const write = (relative: string, text: string) => {
    mkdirSync(join(root, relative, '..'), { recursive: true });
    writeFileSync(join(root, relative), text);
  };
  write('ferry.workspace.json', serializeManifestFile({ formatVersion: 1, name: 'Captures', defaultEnvironment: 'local' }));
  write('environments/local.ferry-env.json', serializeEnvironmentFile({ formatVersion: 1, variables: [{ name: 'host', value: target, secret: false }, { name: 'label', value: 'from the environment', secret: false }, { name: 'token', secret: true }] }));
  requests.forEach((file, i) => write(`flow/${i + 1}.ferry.json`, serializeRequestFile(file)));
  return root;
}

describe('ferry run: values captured from one response for the requests after it', () => {
  let server: BenchServer;
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());

  it('passes a JSONPath value and a response header on, printing a secret one as ***', async () => {
    const root = workspace(server.target, [
      echo('Create', 1, '{"message": "order-7"}', {
        metadata: [{ key: 'x-session', value: 'sess-41b9', enabled: true }],
        captures: [jsonPath('orderId', '$.message'), header('session', 'echo-x-session', true)],
      }),
      echo('Get', 2, '{"message": "got {{orderId}}"}', {
        metadata: [{ key: 'x-session', value: '{{session}}', enabled: true }],
        assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: 'got order-7' }],
        captures: [header('echoed', 'trailer-echo-x-session', true)],
      }),
    ]);
    for (const reporter of ['pretty', 'json', 'junit']) {
      const { io, captured } = captureIo();
      expect(await runRun([root, '--reporter', reporter], io, { secrets })).toBe(0);
      expect(captured.out + captured.err).not.toContain('sess-41b9');
      if (reporter === 'pretty') {
        expect(captured.out).toContain('captured {{orderId}} = "order-7"');
        expect(captured.out).toContain('captured {{session}} = ***');
      }
      if (reporter === 'json') {
        const report = JSON.parse(captured.out);
        expect(report.requests[0].captures).toEqual([
          { variable: 'orderId', description: 'capture {{orderId}} from $.message', value: 'order-7' },
          { variable: 'session', description: 'capture {{session}} from header echo-x-session', value: '***' },
        ]);
      }
    }
  });

  it('fails the capturing request when nothing is there, and the request that needed the value without sending it', async () => {
    const root = workspace(server.target, [
      echo('Create', 1, '{"message": "order-7"}', { captures: [jsonPath('orderId', '$.order.id')] }),
      echo('Get', 2, '{"message": "got {{orderId}}"}'),
    ]);
    const calls = server.stats.calls;
    const { io, captured } = captureIo();
    expect(await runRun([root, '--reporter', 'junit'], io, { secrets })).toBe(1);
    expect(server.stats.calls).toBe(calls + 1);
    expect(captured.out).toContain('<failure message="capture {{orderId}} from $.order.id: nothing at $.order.id" type="capture">');
    expect(captured.out).toContain('type="FAILED_PRECONDITION"');
    expect(captured.out).toContain('{{orderId}} in messages[0] of');
    expect(captured.out).toContain('has no value: its capture in flow/1.ferry.json failed: nothing at $.order.id');
  });

  it('says so when the request that failed could not capture', async () => {
    const root = workspace(server.target, [
      echo('Create', 1, '{"message": "x"}', { method: 'ferry.testing.v1.Bench/Nope', captures: [jsonPath('orderId', '$.message')] }),
      echo('Get', 2, '{"message": "got {{orderId}}"}'),
    ]);
    const { io, captured } = captureIo();
    expect(await runRun([root], io, { secrets })).toBe(2);
    expect(captured.out).toContain('has no value: flow/1.ferry.json failed before it could capture it');
  });

  it('exits 2 before sending anything when a variable is captured only by a later request', async () => {
    const root = workspace(server.target, [
      echo('Get', 1, '{"message": "got {{orderId}}"}'),
      echo('Create', 2, '{"message": "order-7"}', { captures: [jsonPath('orderId', '$.message')] }),
    ]);
    const calls = server.stats.calls;
    const { io, captured } = captureIo();
    expect(await runRun([root], io, { secrets })).toBe(2);
    expect(server.stats.calls).toBe(calls);
    expect(captured.err).toContain('{{orderId}} in messages[0] of');
    expect(captured.err).toContain('has no value: it is captured by flow/2.ferry.json, which runs after this request');
  });

  it('says so when a request uses a variable that only it captures, unless the environment gives it a first value', async () => {
    const own = echo('Page', 1, '{"message": "{{cursor}}"}', { captures: [jsonPath('cursor', '$.message')] });
    const { io, captured } = captureIo();
    expect(await runRun([workspace(server.target, [own])], io, { secrets })).toBe(2);
    expect(captured.err).toContain('has no value: this request captures it from its own response, after it is sent');
    const seeded = { ...own, messages: ['{"message": "{{label}}"}'], captures: [jsonPath('label', '$.message')] };
    expect(await runRun([workspace(server.target, [seeded, echo('Next', 2, '{"message": "{{label}}!"}', { assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: 'from the environment!' }] })])], captureIo().io, { secrets })).toBe(0);
  });

  it('lets a captured value take the place of the environment\'s for the requests after the capture', async () => {
    const root = workspace(server.target, [
      echo('Before', 1, '{"message": "{{label}}"}', { assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: 'from the environment' }] }),
      echo('Capture', 2, '{"message": "elsewhere"}', { captures: [jsonPath('label', '$.message')] }),
      echo('After', 3, '{"message": "{{label}}"}', { assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: 'elsewhere' }] }),
    ]);
    const { io, captured } = captureIo();
    expect(await runRun([root], io, { secrets })).toBe(0);
    expect(captured.out).toContain('3 requests: 3 passed, 0 failed');
  });

  it('--var sets a variable over the environment\'s, read as JSON when it is JSON, and a capture wins over it', async () => {
    const root = workspace(server.target, [
      echo('Label', 1, '{"message": "{{label}}", "payloadSize": {{size}}}', {
        assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: 'from the command line' }],
        captures: [jsonPath('label', '$.message'), jsonPath('echoed', '$.message')],
      }),
      echo('Captured', 2, '{"message": "{{label}}+{{echoed}}"}', { assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: 'from the command line+from the command line' }] }),
    ]);
    const { io, captured } = captureIo();
    expect(await runRun([root, '--var', 'label=from the command line', '--var', 'size=3'], io, { secrets })).toBe(0);
    expect(captured.out).toContain('2 requests: 2 passed, 0 failed');
  });

  it('--var refuses a word without a name, and a secret of the environment, which belongs in FERRY_VAR_*', async () => {
    const root = workspace(server.target, [echo('Echo', 1, '{"message": "hi"}')]);
    await expect(runRun([root, '--var', 'label'], captureIo().io, { secrets })).rejects.toMatchObject({ error: { code: 'BAD_INPUT', message: '--var label: expected NAME=VALUE' } });
    await expect(runRun([root, '--var', '2x=1'], captureIo().io, { secrets })).rejects.toMatchObject({ error: { code: 'BAD_INPUT', message: expect.stringContaining('"2x" is not a variable name') } });
    const { io, captured } = captureIo();
    expect(await runRun([root, '--var', 'token=abc'], io, { secrets })).toBe(2);
    expect(captured.err).toContain('token is a secret variable of environment "local": set FERRY_VAR_TOKEN instead of giving it with --var or --iteration-data');
  });

  it('--iteration-data runs the collection once per row, with fresh captures each time, numbering each run', async () => {
    const root = workspace(server.target, [
      echo('Label', 1, '{"message": "{{label}}", "payloadSize": {{size}}}', { captures: [jsonPath('echoed', '$.message')] }),
      echo('Echoed', 2, '{"message": "{{echoed}}!"}'),
    ]);
    const data = join(tempDir('ferry-data-'), 'rows.csv');
    writeFileSync(data, 'label,size\nfirst,1\n"second, with a comma",2\n');
    const { io, captured } = captureIo();
    expect(await runRun([root, '--iteration-data', data, '-v'], io, { secrets })).toBe(0);
    expect(captured.out.match(/^iteration \d of 2$/gm)).toEqual(['iteration 1 of 2', 'iteration 2 of 2']);
    expect(captured.out).toContain('"message": "first!"');
    expect(captured.out).toContain('"message": "second, with a comma!"');
    expect(captured.out).toContain('4 requests: 4 passed, 0 failed');

    const junit = captureIo();
    writeFileSync(data, 'label,size\nfirst,1\nsecond,x\n');
    expect(await runRun([root, '--iteration-data', data, '--reporter', 'junit'], junit.io, { secrets })).toBe(2);
    expect(junit.captured.out).toContain('name="Label (flow/1.ferry.json) [iteration 1]"');
    expect(junit.captured.out).toContain('name="Label (flow/1.ferry.json) [iteration 2]"');
  });

  it('-n runs the collection N times, cycling through the data rows when there are some', async () => {
    const root = workspace(server.target, [echo('Label', 1, '{"message": "{{label}}"}')]);
    const data = join(tempDir('ferry-data-'), 'rows.csv');
    writeFileSync(data, 'label\nfirst\nsecond\n');
    const { io, captured } = captureIo();
    expect(await runRun([root, '--iteration-data', data, '-n', '3', '-v'], io, { secrets })).toBe(0);
    expect(captured.out.match(/^iteration \d of 3$/gm)).toEqual(['iteration 1 of 3', 'iteration 2 of 3', 'iteration 3 of 3']);
    expect(captured.out.match(/"message": "\w+"/g)).toEqual(['"message": "first"', '"message": "second"', '"message": "first"']);
    const calls = server.stats.calls;
    const plain = captureIo();
    expect(await runRun([root, '--iteration-count', '2', '--var', 'label=x'], plain.io, { secrets })).toBe(0);
    expect(server.stats.calls - calls).toBe(2);
    expect(plain.captured.out).toContain('2 requests: 2 passed, 0 failed');
    await expect(runRun([root, '-n', '0'], captureIo().io, { secrets })).rejects.toMatchObject({ error: { code: 'BAD_INPUT', message: expect.stringContaining('--iteration-count expects a whole number from 1') } });
  });

  it('--delay-request waits before each request but the first', async () => {
    const root = workspace(server.target, [echo('One', 1, '{}'), echo('Two', 2, '{}'), echo('Three', 3, '{}')]);
    const { io } = captureIo();
    // When each request's line is printed, and the call's own duration it gives.
    const lines: Array<{ at: number; callMs: number }> = [];
    const timed = { ...io, out: (text: string) => { const ms = /(\d+) ms\n$/.exec(text); if (ms && text.startsWith('✓')) lines.push({ at: performance.now(), callMs: Number(ms[1]) }); } };
    expect(await runRun([root, '--delay-request', '60'], timed, { secrets })).toBe(0);
    expect(lines).toHaveLength(3);
    // Between two requests' lines: the pause, then the next call (its printed duration rounded to 1 ms).
    for (let i = 1; i < 3; i++) expect(lines[i]!.at - lines[i - 1]!.at - lines[i]!.callMs).toBeGreaterThanOrEqual(60 - 1);
    await expect(runRun([root, '--delay-request', 'soon'], captureIo().io, { secrets })).rejects.toMatchObject({ error: { code: 'BAD_INPUT', message: expect.stringContaining('--delay-request expects a whole number') } });
  });

  it('--iteration-data refuses a secret of the environment, and --bail stops every iteration', async () => {
    const root = workspace(server.target, [echo('Fails', 1, '{"message": "{{label}}"}', { assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: 'never' }] }), echo('After', 2, '{}')]);
    const data = join(tempDir('ferry-data-'), 'rows.json');
    writeFileSync(data, JSON.stringify([{ label: 'a' }, { label: 'b' }]));
    const { io, captured } = captureIo();
    expect(await runRun([root, '--iteration-data', data, '--bail'], io, { secrets })).toBe(1);
    expect(captured.out).toContain('1 request: 0 passed, 1 failed, 3 skipped (--bail)');
    writeFileSync(data, JSON.stringify([{ token: 'a' }]));
    const secret = captureIo();
    expect(await runRun([root, '--iteration-data', data], secret.io, { secrets })).toBe(2);
    expect(secret.captured.err).toContain('token is a secret variable of environment "local"');
  });
});

