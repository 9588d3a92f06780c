import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { waitUntil } from '../../tests/kit/until';
import { FERRY_BIN } from './cli-test-kit';

/**
 * A live conversation over a bidi stream: each message is written only after the answer to the previous
 * one has been printed. A reader that waited for the end of input would never answer, and the step times out.
 */
class Conversation {
  private stdout = '';
  stderr = '';
  readonly exited: Promise<number>;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  }

  write(text: string): void {
    this.child.stdin.write(text);
  }

  end(): void {
    this.child.stdin.end();
  }

  /** Resolves with stdout once it contains `text`; fails the test if it does not appear in time. */
  async expectOutput(text: string): Promise<string> {
    return waitUntil(() => this.stdout, (out) => out.includes(text), { what: `${JSON.stringify(text)} on stdout` });
  }
}

function converse(args: string[]): Conversation {
  return new Conversation(spawn(process.execPath, [FERRY_BIN, ...args], { env: { ...process.env, FERRY_TRACE: '' }, stdio: ['pipe', 'pipe', 'pipe'] }));
}

const BIDI = 'ferry.testing.v1.Bench/Bidi';

/** Starts a bidi call that reads JSON from stdin, writes one message and waits for its answer. */
async function answeredOnce(args: string[]): Promise<Conversation> {
  const chat = converse(args);
  chat.write('{"message": "one"}\n');
  await chat.expectOutput('"one"');
  return chat;
}

describe('interactive streams: -d @ and -d @- send each message as soon as it is read', () => {
  let server: BenchServer;
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());

  it('grpcurl grammar, JSON: every answer arrives before the next message is written', async () => {
    const chat = await answeredOnce(['-plaintext', '-d', '@', server.target, BIDI]);
    // A message may span lines; it is sent when its closing brace arrives.
    chat.write('{\n  "message":\n');
    chat.write('  "two"\n}\n');
    await chat.expectOutput('"two"');
    chat.write('{"message": "three"}');
    const out = await chat.expectOutput('"three"');
    chat.end();
    expect(await chat.exited).toBe(0);
    expect(out).toBe('{\n  "message": "one"\n}\n{\n  "message": "two",\n  "index": 1\n}\n{\n  "message": "three",\n  "index": 2\n}\n');
  });

  it('grpcurl grammar, text format: a message goes when its record separator arrives', async () => {
    const chat = converse(['-plaintext', '-format', 'text', '-d', '@', server.target, BIDI]);
    chat.write('message: "alpha"\n\x1e');
    await chat.expectOutput('"alpha"');
    chat.write('message: "beta"');
    chat.end();
    expect(await chat.exited).toBe(0);
    expect(await chat.expectOutput('"beta"')).toBe('message: "alpha"\n\x1emessage: "beta"\nindex: 1\n');
  });

  it('Ferry grammar (ferry call -d @-): every answer arrives before the next message is written', async () => {
    const chat = await answeredOnce(['call', '--plaintext', server.target, BIDI, '-d', '@-']);
    chat.write('{\n  "message":\n');
    chat.write('  "two"\n}\n');
    const out = await chat.expectOutput('"two"');
    chat.end();
    expect(await chat.exited).toBe(0);
    expect(out).toBe('{\n  "message": "one"\n}\n{\n  "message": "two",\n  "index": 1\n}\n');
  });

  it('Ferry grammar: a bad message of the stream is named by its number and place in the input, after the earlier ones were answered', async () => {
    const callsBefore = server.stats.calls;
    const chat = await answeredOnce(['call', '--plaintext', server.target, BIDI, '-d', '@-']);
    chat.write('  {"message": "two",}\n');
    expect(await chat.exited).toBe(2);
    expect(chat.stderr).toBe('ferry: <stdin>:2:20: message 2: invalid JSON: trailing comma\n');
    expect(server.stats.calls).toBe(callsBefore + 1);
  });

  it('Ferry grammar: a message that does not fit its type is named by its number and the place of the field', async () => {
    const chat = await answeredOnce(['call', '--plaintext', server.target, BIDI, '-d', '@-']);
    chat.write('{\n  "message": "two",\n  "mesage": "typo"\n}\n');
    expect(await chat.exited).toBe(2);
    expect(chat.stderr).toMatch(/^ferry: <stdin>:4:3: message 2: mesage: unknown field "mesage" in ferry\.testing\.v1\.\w+ \(did you mean "message"\?\)/);
  });
});
