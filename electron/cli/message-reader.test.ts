import { describe, expect, it } from 'vitest';
import { chunksOf, readJsonMessages, readTextMessages, type RawMessage } from './message-reader';

async function all(messages: AsyncIterable<RawMessage>): Promise<RawMessage[]> {
  const out: RawMessage[] = [];
  for await (const message of messages) out.push(message);
  return out;
}

/** Chunks the test hands over one by one, to see what the reader yields before the input is complete. */
function feed(): { chunks: AsyncIterable<string>; push(text: string): void; end(): void } {
  const queue: Array<string | null> = [];
  let wake: (() => void) | undefined;
  const chunks = (async function* () {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const next = queue.shift()!;
      if (next === null) return;
      yield next;
    }
  })();
  const put = (item: string | null) => {
    queue.push(item);
    wake?.();
  };
  return { chunks, push: (text) => put(text), end: () => put(null) };
}

describe('readJsonMessages', () => {
  it('splits concatenated and whitespace-separated values, wherever the chunks break', async () => {
    const input = '{"a": "x}{"}{"b":[1,{"c":2}]}\n  "str\\"ing" 12 -3.5e2 true null\n[1, 2]';
    const expected = ['{"a": "x}{"}', '{"b":[1,{"c":2}]}', '"str\\"ing"', '12', '-3.5e2', 'true', 'null', '[1, 2]'];
    expect((await all(readJsonMessages(chunksOf(input)))).map((m) => m.text)).toEqual(expected);
    const oneByOne = (async function* () {
      for (const c of input) yield c;
    })();
    expect((await all(readJsonMessages(oneByOne))).map((m) => m.text)).toEqual(expected);
  });

  it('says where each message starts, and passes malformed input on whole', async () => {
    const messages = await all(readJsonMessages(chunksOf('{"a":1}\n\n  {"b": oops}\n{"c"')));
    expect(messages).toEqual([
      { text: '{"a":1}', line: 1, column: 1 },
      { text: '{"b": oops}', line: 3, column: 3 },
      { text: '{"c"', line: 4, column: 1 },
    ]);
    expect(await all(readJsonMessages(chunksOf('  \n ')))).toEqual([]);
  });

  it('yields a message as soon as it is complete, before more input arrives', async () => {
    const input = feed();
    const reader = readJsonMessages(input.chunks);
    input.push('{"message": "one"');
    const first = reader.next();
    input.push('}\n{"message": "tw');
    expect((await first).value?.text).toBe('{"message": "one"}');
    const second = reader.next();
    input.push('o"}');
    expect((await second).value?.text).toBe('{"message": "two"}');
    const done = reader.next();
    input.end();
    expect((await done).done).toBe(true);
  });

  it('a number waits for the character after it (it might go on)', async () => {
    const input = feed();
    const reader = readJsonMessages(input.chunks);
    input.push('12');
    const next = reader.next();
    input.push('3\n');
    expect((await next).value?.text).toBe('123');
    input.end();
  });
});

describe('readTextMessages', () => {
  it("separates on 0x1E as grpcurl does: empty input is one empty message, a trailing separator adds one", async () => {
    expect((await all(readTextMessages(chunksOf('')))).map((m) => m.text)).toEqual(['']);
    expect((await all(readTextMessages(chunksOf('a: 1\x1eb: 2\n\x1e')))).map((m) => m.text)).toEqual(['a: 1', 'b: 2\n', '']);
    expect((await all(readTextMessages(chunksOf('a: 1\n\x1eb: 2')))).map((m) => [m.line, m.column])).toEqual([[1, 1], [2, 2]]);
  });

  it('yields each message when its separator arrives', async () => {
    const input = feed();
    const reader = readTextMessages(input.chunks);
    input.push('message: "one"\n');
    const first = reader.next();
    input.push('\x1emessage: "two"');
    expect((await first).value?.text).toBe('message: "one"\n');
    const second = reader.next();
    input.end();
    expect((await second).value?.text).toBe('message: "two"');
  });
});
