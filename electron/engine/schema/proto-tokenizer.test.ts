import { readdirSync, readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { BENCH_PROTO_ROOT } from '../testing/bench-server';
import { BUILTIN_PROTOS } from './builtin-protos';
import { PROTOBUF_TOKENIZER_MODULE } from './install-proto-tokenizer';
import { tokenize, type TokenizerHandle } from './proto-tokenizer';

const require = createRequire(import.meta.url);

/** protobufjs's own tokenizer, compiled afresh from its file: the module cache holds ours in its place. */
function protobufjsTokenizer(): typeof tokenize {
  const path = require.resolve(PROTOBUF_TOKENIZER_MODULE);
  const module = { exports: {} as unknown };
  const wrapper = runInThisContext(Module.wrap(readFileSync(path, 'utf8')), { filename: path }) as (...args: unknown[]) => void;
  wrapper(module.exports, require, module, path, dirname(path));
  return module.exports as typeof tokenize;
}

type Tokenize = (source: string, alternateCommentMode: boolean) => TokenizerHandle;

/**
 * Everything a parser can observe: each token as peeked and as taken, the line, the leading comment and the
 * trailing comment of the line, in the order a parser may ask for them (a comment once taken is gone, so
 * both tokenizers are asked the same questions); the error, if one is thrown.
 */
function observe(tokenizer: Tokenize, source: string, alternate: boolean, askComments: boolean): string[] {
  const seen: string[] = [];
  try {
    const tn = tokenizer(source, alternate);
    for (;;) {
      const peeked = tn.peek();
      const token = tn.next();
      seen.push(askComments ? `${peeked} ${token} ${tn.line} [${tn.cmnt()}] [${tn.cmnt(tn.line)}]` : `${peeked} ${token} ${tn.line}`);
      if (token === null) break;
      if (token === ';') tn.push(';');
      if (token === ';' && tn.skip(';', true) !== true) seen.push('skip failed');
    }
  } catch (error) {
    seen.push(`error: ${(error as Error).message}`);
  }
  return seen;
}

function protoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return protoFiles(path);
    return name.endsWith('.proto') ? [path] : [];
  });
}

/** Inputs that reach every branch: each kind of comment, where comments stand, strings, errors, odd white space. */
const EDGE_CASES: Record<string, string> = {
  'doc comments of both modes': '/// triple\nmessage A {} // trailing\n/** block\n * doc */\nenum E { X = 0; /* inline */ }\n',
  'runs of line comments': 'syntax = "proto3";\n\n// detached, by the blank line after it\n\n// one\n// two\n   // three, indented\nmessage M {\n  int32 a = 1; // trailing a\n  // leading b\n  int32 b = 2;\n}\n',
  'comment marks inside comments': '/* a // b\n ** c */ message X {}\n/// //nested\n//// four\n',
  'a comment that closes at once': '/*/ message Y {}\n',
  'empty block comments': 'option (a)/**/ = 1; /**/\nmessage E {} /**/\n/**/\nenum F {}',
  'a comment at the very end': 'syntax = "proto3";\n// last, no newline',
  'a doc comment at the very end': 'syntax = "proto3";\n/// last',
  'an unterminated block comment': 'syntax = "proto3";\n\n/* never\nclosed\n',
  'a slash at the end': 'option x = 1; /',
  'a lone slash': 'a / b',
  'strings and escapes': 'option a = "x\\ty\\n\\"q\\" \\101\\x41\\\\ \\z";\noption b = \'single "inner"\';\noption c = "";',
  'an unterminated string': 'option a = "open\n}',
  'strings spanning lines': 'option a = "one\ntwo";\nmessage Z {}',
  'CRLF line endings': '// leading\r\nmessage C {\r\n  int32 a = 1; // trailing\r\n}\r\n',
  'unicode white space and a BOM': '\ufeffsyntax\u00a0=\u2003"proto3";\u2028message U {}\u3000// c\u2029\n',
  'delimiters against words': 'map<string,int32>m=1[(opt)={a:1,b:[2,3]}];option(x).y=-0x1F;float f=1e-5;',
  'comments before the first token': '  /** doc */\n\n\t// line\nmessage F {}',
  'only white space': ' \n\t\n  ',
  'empty': '',
};

describe('the .proto tokenizer', () => {
  const original = protobufjsTokenizer();
  const corpus: Array<[string, string]> = [
    ...Object.entries(EDGE_CASES),
    ...Object.entries(BUILTIN_PROTOS),
    ...[BENCH_PROTO_ROOT, join(dirname(require.resolve('@grpc/grpc-js/package.json')), 'proto')].flatMap(protoFiles).map((path): [string, string] => [path, readFileSync(path, 'utf8')]),
  ];

  it('is the one protobufjs parses with (installed by the test setup, as in the desktop app)', () => {
    expect(protobuf.tokenize).toBe(tokenize);
    expect(original).not.toBe(tokenize);
  });

  it.each(corpus.map(([name, source]) => ({ name, source })))('gives what protobufjs gives for $name, in both comment modes', ({ source }) => {
    for (const alternate of [true, false]) {
      for (const askComments of [true, false]) {
        expect(observe(tokenize, source, alternate, askComments)).toEqual(observe(original, source, alternate, askComments));
      }
    }
  });

  it('gives what protobufjs gives for the corpus cut, spliced and mangled at random (a fixed seed)', () => {
    let seed = 20261206;
    const random = (below: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % below;
    };
    const pieces = ['/', '*', '//', '/*', '*/', '///', '/**', '/**/', '\n', '\r\n', ' ', '\t', '"', "'", '\\', '{', '}', ';', '=', '\u00a0', '\u2028', '// c\n', '/* c */', '"s\\"t"'];
    for (let n = 0; n < 1500; n++) {
      const whole = corpus[random(corpus.length)]![1];
      const from = random(whole.length + 1);
      let source = whole.slice(from, from + random(400));
      for (let edits = random(6); edits > 0; edits--) {
        const at = random(source.length + 1);
        const what = random(10);
        if (what < 6) source = source.slice(0, at) + pieces[random(pieces.length)] + source.slice(at);
        else if (what < 8) source = source.slice(0, at) + source.slice(at + 1 + random(5));
        else source = source.slice(0, at);
      }
      for (const alternate of [true, false]) {
        expect(observe(tokenize, source, alternate, n % 2 === 0), JSON.stringify(source)).toEqual(observe(original, source, alternate, n % 2 === 0));
      }
    }
  });

  it('reads the comments protobufjs reads, into the same schema', () => {
    const source = EDGE_CASES['runs of line comments']!;
    const root = protobuf.parse(source, new protobuf.Root(), { keepCase: true, alternateCommentMode: true }).root;
    const message = root.lookupType('M');
    expect(message.comment).toBe('one\ntwo\nthree, indented');
    expect(message.fields.a!.comment).toBe('trailing a');
    expect(message.fields.b!.comment).toBe('leading b');
  });

  it('reports errors with the line they are on', () => {
    expect(() => protobuf.parse(EDGE_CASES['an unterminated block comment']!, new protobuf.Root())).toThrow('illegal comment (line 5)');
    expect(() => protobuf.parse(EDGE_CASES['an unterminated string']!, new protobuf.Root())).toThrow('illegal string (line 1)');
  });

  it('unescapes string literals as protobufjs does', () => {
    expect(tokenize.unescape('a\\tb\\101\\x41\\\\\\q')).toBe(original.unescape('a\\tb\\101\\x41\\\\\\q'));
  });
});
