import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bundle = join(__dirname, '..', '..', 'dist', 'cli', 'ferry.cjs');

describe('the CLI bundle (scripts/build-cli.mjs)', () => {
  it('is all ASCII, so every start reads it as a one-byte string', () => {
    const bytes = readFileSync(bundle);
    const first = bytes.findIndex((byte) => byte > 0x7f);
    const line = first === -1 ? '' : bytes.subarray(Math.max(0, first - 60), first + 20).toString('utf8');
    expect(first, `a byte outside ASCII at ${first}: …${line}…`).toBe(-1);
  });
});
