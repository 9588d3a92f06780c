import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureOf } from '../../tests/kit/failure-of';
import { tempDir } from '../../tests/kit/temp-dir';
import { readIterationData } from './iteration-data';

describe('--iteration-data', () => {
  it('reads the file as iteration data, named by its path', () => {
    const path = join(tempDir('ferry-data-'), 'data.csv');
    writeFileSync(path, 'a,b\n1,x\n');
    expect(readIterationData(path).map((row) => Object.fromEntries(row))).toEqual([{ a: 1, b: 'x' }]);
    writeFileSync(path, 'a,b\n1\n');
    expect(failureOf(() => readIterationData(path)).message).toBe(`${path}:2: 1 values, but the header names 2 variables`);
  });

  it('names a file it cannot read', () => {
    expect(failureOf(() => readIterationData('/nonexistent/data.csv'))).toMatchObject({ code: 'IO_ERROR', message: expect.stringContaining('cannot read --iteration-data /nonexistent/data.csv') });
  });
});
