import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const checkout = join(__dirname, '..', '..');

describe("the desktop main process's bundle (scripts/build-desktop.mjs)", () => {
  // Electron cannot run here, so the order is checked in the built file: protobufjs keeps the tokenizer it
  // finds when it first loads.
  it("gives protobufjs Ferry's tokenizer before anything requires protobufjs", () => {
    execFileSync(process.execPath, [join(checkout, 'scripts', 'build-desktop.mjs')], { cwd: checkout });
    const main = readFileSync(join(checkout, 'dist', 'electron', 'main.cjs'), 'utf8');
    const install = main.indexOf('installProtoTokenizer(require);');
    const firstProtobufjs = main.search(/require\("protobufjs[/"]/);
    expect(install).toBeGreaterThan(0);
    expect(firstProtobufjs).toBeGreaterThan(install);
  });
});
