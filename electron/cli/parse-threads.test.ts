import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cliParseThreads } from './parse-threads';

describe('cliParseThreads', () => {
  it('splits only large loads over the cores there are (up to four), unless FERRY_PARSE_THREADS says how many', () => {
    const cores = Math.min(availableParallelism(), 4);
    expect(cliParseThreads({})).toMatchObject({ count: cores, minBytes: 32 * 1024 * 1024 });
    expect(cliParseThreads({ FERRY_PARSE_THREADS: '3' })).toMatchObject({ count: 3, minBytes: 0 });
    expect(cliParseThreads({ FERRY_PARSE_THREADS: '1' })).toMatchObject({ count: 1 });
    expect(cliParseThreads({ FERRY_PARSE_THREADS: '500' })).toMatchObject({ count: 16, minBytes: 0 });
    for (const wrong of ['0', '-2', '1.5', 'two', '']) expect(cliParseThreads({ FERRY_PARSE_THREADS: wrong })).toMatchObject({ count: cores, minBytes: 32 * 1024 * 1024 });
  });
});
