import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestFile } from '../../shared/model';
import { BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { createEnvSecretStore, serializeEnvironmentFile, serializeManifestFile, serializeRequestFile } from '../engine/workspace';
import { captureIo, runFerry } from './cli-test-kit';
import { runRun } from './commands/run';
import { attr } from './run-junit';
import { tempDir } from '../../tests/kit/temp-dir';

const BENCH = 'ferry.testing.v1.Bench';


function request(name: string, method: string, messages: string[], overrides: Partial<RequestFile> = {}): RequestFile {
  return { formatVersion: 1, name, target: '{{host}}', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, method: `${BENCH}/${method}`, metadata: [], messages, assertions: [], ...overrides };
}

function write(root: string, relative: string, text: string): void {
  mkdirSync(join(root, relative, '..'), { recursive: true });
  writeFileSync(join(root, relative), text);
}

/** A workspace with a passing `smoke` collection and a `broken` one whose requests fail in different ways. */
function makeWorkspace(target: string): string {
  const root = tempDir('ferry-run-');
  write(root, 'ferry.workspace.json', serializeManifestFile({ formatVersion: 1, name: 'Bench', defaultEnvironment: 'local' }));
  write(root, 'environments/local.ferry-env.json', serializeEnvironmentFile({
    formatVersion: 1,
    variables: [{ name: 'host', value: target, secret: false }, { name: 'greeting', value: 'there', secret: false }, { name: 'n', value: 3, secret: false }, { name: 'token', secret: true }],
  }));
  write(root, 'smoke/b-stream.ferry.json', serializeRequestFile(request('Server stream', 'ServerStream', ['{\n  "message": "s",\n  "count": {{n}}\n}'], {
    assertions: [{ type: 'messageCount', count: 3 }, { type: 'jsonPath', path: '$[2].index', op: 'equals', expected: 2 }],
  })));
  write(root, 'smoke/a-echo.ferry.json', serializeRequestFile(request('Echo with a secret', 'Echo', ['{\n  "message": "hi {{greeting}}"\n}'], {
    order: 1,
    metadata: [{ key: 'authorization', value: 'Bearer {{token}}', enabled: true }],
    deadlineMs: 5000,
    assertions: [{ type: 'status', status: 'OK' }, { type: 'jsonPath', path: '$.message', op: 'equals', expected: 'hi there' }, { type: 'maxTime', ms: 5000 }],
  })));
  // The schema as a team keeps it beside its collection: a folder of .proto files, relative to the workspace.
  cpSync(BENCH_PROTO_ROOT, join(root, 'protos'), { recursive: true });
  write(root, 'smoke/c-client-stream.ferry.json', serializeRequestFile(request('Client stream from a folder of .proto files', 'ClientStream', ['{"message": "a"}', '{"message": "b"}'], {
    schema: { kind: 'proto-files', files: ['protos'], importPaths: ['protos'] },
    assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: 'a,b' }, { type: 'jsonPath', path: '$.index', op: 'equals', expected: 2 }],
  })));
  write(root, 'zz-broken/fail.ferry.json', serializeRequestFile(request('Expected failure', 'Fail', ['{"code": 5, "message": "gone"}'], {
    assertions: [{ type: 'status', status: 'NOT_FOUND' }],
  })));
  write(root, 'zz-broken/wrong.ferry.json', serializeRequestFile(request('Wrong <echo> & "quotes"', 'Echo', ['{"message": "actual"}'], {
    assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: '<expected> & \'more\'' }],
  })));
  write(root, 'zz-broken/unhappy.ferry.json', serializeRequestFile(request('Unexpected status', 'Fail', ['{"code": 9}'])));
  return root;
}

describe('ferry run', () => {
  let server: BenchServer;
  let root: string;
  const secrets = createEnvSecretStore({ FERRY_VAR_TOKEN: 'sekret' });

  beforeAll(async () => {
    server = await startBenchServer();
    root = makeWorkspace(server.target);
  });
  afterAll(() => server.close());

  it('runs a passing collection in order and exits 0', async () => {
    const { io, captured } = captureIo();
    const code = await runRun([join(root, 'smoke')], io, { secrets });
    expect(captured.err).toBe('');
    expect(code).toBe(0);
    const lines = captured.out.split('\n').filter((line) => line.startsWith('✓'));
    expect(lines.map((line) => line.split('  ')[0])).toEqual(['✓ smoke/a-echo.ferry.json', '✓ smoke/b-stream.ferry.json', '✓ smoke/c-client-stream.ferry.json']);
    expect(captured.out).toContain('(environment local)');
    expect(captured.out).toContain('3 requests: 3 passed, 0 failed');
  });

  it('exits 1 on a failed assertion and writes well-formed JUnit naming the request and assertion', async () => {
    const { io, captured } = captureIo();
    const junitFile = join(tempDir(), 'reports', 'junit.xml');
    const code = await runRun([root, '--env', 'local', '--reporter', 'junit', '--junit-file', junitFile], io, { secrets });
    expect(code).toBe(1);
    const xml = readFileSync(junitFile, 'utf8');
    expect(captured.out).toBe(xml);
    checkWellFormedXml(xml);
    expect(xml).toMatch(/<testsuites name="ferry run" tests="6" failures="2" errors="0"/);
    expect(xml).toContain('<testsuite name="smoke" tests="3" failures="0"');
    expect(xml).toContain(`name="${attr('Wrong <echo> & "quotes" (zz-broken/wrong.ferry.json)')}"`);
    expect(xml).toContain(`<failure message="${attr(`$.message equals "<expected> & 'more'": got "actual"`)}" type="assertion">`);
    expect(xml).toContain('name="Unexpected status (zz-broken/unhappy.ferry.json)"');
    expect(xml).toContain('status is OK: got FAILED_PRECONDITION (9)');
    // A request that asserts its non-OK status passes: its testcase holds no failure.
    expect(xml).toMatch(/<testcase classname="zz-broken" name="Expected failure \(zz-broken\/fail\.ferry\.json\)" time="[\d.]+">\n {4}<\/testcase>/);
  });

  it('--reporter json prints one document with every request and assertion', async () => {
    const { io, captured } = captureIo();
    const code = await runRun([join(root, 'zz-broken'), '--reporter', 'json'], io, { secrets });
    expect(code).toBe(1);
    const report = JSON.parse(captured.out);
    expect(report).toMatchObject({ passed: false, exitCode: 1, environment: 'local' });
    expect(report.requests.map((r: { file: string; passed: boolean }) => [r.file, r.passed])).toEqual([
      ['zz-broken/fail.ferry.json', true],
      ['zz-broken/unhappy.ferry.json', false],
      ['zz-broken/wrong.ferry.json', false],
    ]);
    expect(report.requests[1].status).toMatchObject({ name: 'FAILED_PRECONDITION' });
  });

  it('--bail stops after the first failing request', async () => {
    const { io, captured } = captureIo();
    expect(await runRun([join(root, 'zz-broken'), '--bail'], io, { secrets })).toBe(1);
    expect(captured.out).toContain('1 skipped (--bail)');
  });

  it('exits 2 and sends nothing when a file is corrupt or a variable unknown, naming each problem', async () => {
    const bad = makeWorkspace(server.target);
    write(bad, 'smoke/corrupt.ferry.json', '{\n  "formatVersion": 1,\n  "name": \n}');
    write(bad, 'smoke/unknown.ferry.json', serializeRequestFile(request('Unknown variable', 'Echo', ['{"message": "{{nope}}"}'])));
    const calls = server.stats.calls;
    const { io, captured } = captureIo();
    expect(await runRun([join(bad, 'smoke')], io, { secrets })).toBe(2);
    expect(server.stats.calls).toBe(calls);
    expect(captured.err).toContain(`${join(bad, 'smoke', 'corrupt.ferry.json')}:4:1`);
    expect(captured.err).toContain('unknown variable {{nope}} in messages[0]');
    expect(captured.err).toContain('nothing was sent');
  });

  it('places a message that does not fit its type at the field in the request file, or at the message', async () => {
    const dir = makeWorkspace(server.target);
    write(dir, 'typos/a-object.ferry.json', serializeRequestFile(request('Typo', 'Echo', ['{\n  "message": "hi",\n  "mesage": "typo"\n}'])));
    write(dir, 'typos/b-lines.ferry.json', serializeRequestFile(request('Typo beside a variable', 'Echo', ['{"mesage": {{n}}}'])));
    const { io, captured } = captureIo();
    expect(await runRun([join(dir, 'typos')], io, { secrets })).toBe(2);
    const errors = captured.out.split('\n').filter((line) => line.includes('error:'));
    // The object body's field, and the start of the body stored as lines (its own text is not the file's).
    const inFile = (name: string) => readFileSync(join(dir, 'typos', name), 'utf8').split('\n');
    const objectLine = inFile('a-object.ferry.json').findIndex((line) => line.includes('"mesage"')) + 1;
    const linesLine = inFile('b-lines.ferry.json').findIndex((line) => line.includes('"messages"')) + 2;
    expect(errors[0]).toContain(`error: typos/a-object.ferry.json:${objectLine}:7: mesage: unknown field "mesage"`);
    expect(errors[1]).toContain(`error: typos/b-lines.ferry.json:${linesLine}:5: mesage: unknown field "mesage"`);
  });

  it('never prints a secret value, even when the server echoes it into a failing assertion', async () => {
    const dir = makeWorkspace(server.target);
    write(dir, 'leaky/echo.ferry.json', serializeRequestFile(request('Echo the token', 'Echo', ['{"message": "token={{token}}"}'], {
      assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: 'something else' }],
    })));
    for (const reporter of ['pretty', 'json', 'junit']) {
      const { io, captured } = captureIo();
      expect(await runRun([join(dir, 'leaky'), '--reporter', reporter], io, { secrets })).toBe(1);
      expect(captured.out).toContain('token=***');
      expect(captured.out + captured.err).not.toContain('sekret');
    }
    const { io, captured } = captureIo();
    expect(await runRun([join(dir, 'leaky'), '-v'], io, { secrets })).toBe(1);
    expect(captured.out).toContain('    response:\n      {\n        "message": "token=***"\n      }\n');
    expect(captured.out).not.toContain('sekret');
  });

  it('-v prints each response under its request, numbered for a stream', async () => {
    const { io, captured } = captureIo();
    expect(await runRun([join(root, 'smoke'), '--verbose'], io, { secrets })).toBe(0);
    expect(captured.out).toContain('✓ smoke/a-echo.ferry.json  Echo with a secret  OK');
    expect(captured.out).toContain('    response:\n      {\n        "message": "hi there"\n      }\n');
    expect(captured.out).toMatch(/ {4}response 3:\n {6}\{\n {8}"message": "s",\n {8}"index": 2\n/);
  });

  it('exits 2 when a secret has no value, saying which variable to set', async () => {
    const { io, captured } = captureIo();
    expect(await runRun([join(root, 'smoke', 'a-echo.ferry.json')], io, { secrets: createEnvSecretStore({}) })).toBe(2);
    expect(captured.err).toContain('FERRY_VAR_TOKEN');
  });

  it('exits 2 for an unknown environment, listing the known ones', async () => {
    const { io, captured } = captureIo();
    expect(await runRun([root, '--env', 'prod'], io, { secrets })).toBe(2);
    expect(captured.err).toContain('no environment "prod"');
    expect(captured.err).toContain('(found: local)');
  });

  it('rejects bad flags as usage errors', async () => {
    await expect(runRun([root, '--reporter', 'tap'], captureIo().io)).rejects.toMatchObject({ error: { code: 'BAD_INPUT' } });
    await expect(runRun([], captureIo().io)).rejects.toMatchObject({ error: { code: 'BAD_INPUT' } });
  });

  // Runs once `run` is wired into electron/cli/main.ts and the bundle rebuilt (node scripts/build-cli.mjs).
  const bundle = join(__dirname, '..', '..', 'dist', 'cli', 'ferry.cjs');
  const wired = existsSync(bundle) && readFileSync(bundle, 'utf8').includes('Usage: ferry run PATH');
  it.skipIf(!wired)('the ferry binary runs collections with secrets from FERRY_VAR_* and the documented exit codes', async () => {
    const env = { FERRY_VAR_TOKEN: 'sekret' };
    expect((await runFerry(['run', join(root, 'smoke')], { env })).code).toBe(0);
    expect((await runFerry(['run', join(root, 'zz-broken')], { env })).code).toBe(1);
    expect((await runFerry(['run', join(root, 'smoke')])).code).toBe(2);
  });
});

/**
 * A strict XML 1.0 well-formedness check for what JUnit writers produce: one root element, balanced and
 * properly nested tags, quoted attributes without `<` and with unique names, only the five predefined or
 * numeric entities, no stray `&` or `<` in text, no control characters.
 */
function checkWellFormedXml(xml: string): void {
  const NAME = '[A-Za-z_][\\w.-]*';
  const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);)/;
  let rest = xml.replace(/^<\?xml [^?]*\?>/, '');
  const stack: string[] = [];
  let roots = 0;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) throw new Error('control character in XML');
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt === -1 ? rest : rest.slice(0, lt);
    if (ENTITY.test(text) || text.includes('>')) throw new Error(`bad text: ${text.slice(0, 60)}`);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${text.slice(0, 60)}`);
    if (lt === -1) break;
    rest = rest.slice(lt);
    const end = rest.match(new RegExp(`^</(${NAME})\\s*>`));
    const start = rest.match(new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"<]*")*)\\s*(/?)>`));
    if (end) {
      if (stack.pop() !== end[1]) throw new Error(`mismatched </${end[1]}>`);
      rest = rest.slice(end[0].length);
    } else if (start) {
      const names = [...start[2]!.matchAll(new RegExp(`(${NAME})\\s*=\\s*"([^"]*)"`, 'g'))].map((m) => {
        if (ENTITY.test(m[2]!)) throw new Error(`bad entity in attribute ${m[1]}`);
        return m[1];
      });
      if (new Set(names).size !== names.length) throw new Error(`duplicate attribute in <${start[1]}>`);
      if (stack.length === 0 && ++roots > 1) throw new Error('more than one root element');
      if (start[3] !== '/') stack.push(start[1]!);
      rest = rest.slice(start[0].length);
    } else {
      throw new Error(`malformed markup: ${rest.slice(0, 60)}`);
    }
  }
  if (stack.length > 0 || roots !== 1) throw new Error(`unclosed elements: ${stack.join(', ')}`);
}

describe('checkWellFormedXml (the checker itself)', () => {
  it.each(['<a>x & y</a>', '<a b="1" b="2"/>', '<a><b></a></b>', '<a/><b/>', '<a b="<"/>', '<a>&nbsp;</a>', '<a b=1/>'])('rejects %s', (xml) => {
    expect(() => checkWellFormedXml(xml)).toThrow();
  });
  it('accepts escaped content', () => {
    expect(() => checkWellFormedXml(`<?xml version="1.0"?>\n<a b="${attr('<"&\'>\n')}">&lt;&#10;</a>\n`)).not.toThrow();
  });
});
