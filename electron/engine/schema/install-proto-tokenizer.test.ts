import { describe, expect, it } from 'vitest';
import { installProtoTokenizer } from './install-proto-tokenizer';
import { tokenize } from './proto-tokenizer';

const PATH = '/app/node_modules/protobufjs/src/tokenize.js';

/** A require whose module cache is its own, resolving protobufjs's tokenizer to PATH (or failing to). */
function requireWith(cache: NodeJS.Require['cache'], resolves = true): NodeJS.Require {
  const resolve = () => {
    if (!resolves) throw new Error("Cannot find module 'protobufjs/src/tokenize.js'");
    return PATH;
  };
  return Object.assign(() => undefined, { resolve, cache, main: undefined, extensions: {} }) as unknown as NodeJS.Require;
}

describe('installProtoTokenizer', () => {
  it("puts Ferry's tokenizer where protobufjs's parser will require its own", () => {
    const cache: NodeJS.Require['cache'] = {};
    expect(installProtoTokenizer(requireWith(cache))).toBe(true);
    expect(cache[PATH]?.exports).toBe(tokenize);
    expect(cache[PATH]?.loaded).toBe(true);
    expect(installProtoTokenizer(requireWith(cache))).toBe(true);
  });

  it('says so when protobufjs was loaded first, and leaves its tokenizer in place', () => {
    const own = () => undefined;
    const cache = { [PATH]: { exports: own } } as unknown as NodeJS.Require['cache'];
    expect(installProtoTokenizer(requireWith(cache))).toBe(false);
    expect(cache[PATH]?.exports).toBe(own);
  });

  it('leaves a protobufjs it cannot find alone instead of failing the start', () => {
    const cache: NodeJS.Require['cache'] = {};
    expect(installProtoTokenizer(requireWith(cache, false))).toBe(false);
    expect(Object.keys(cache)).toEqual([]);
  });
});
