import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { workerParseThreads } from './part-threads';

describe('workerParseThreads', () => {
  const script = { path: '/nowhere/worker.cjs' };

  it('splits only large loads over the cores there are (up to four), unless FERRY_PARSE_THREADS says how many', () => {
    const cores = Math.min(availableParallelism(), 4);
    expect(workerParseThreads(script, {})).toMatchObject({ count: cores, minBytes: 32 * 1024 * 1024 });
    expect(workerParseThreads(script, { FERRY_PARSE_THREADS: '3' })).toMatchObject({ count: 3, minBytes: 0 });
    expect(workerParseThreads(script, { FERRY_PARSE_THREADS: '1' })).toMatchObject({ count: 1 });
    expect(workerParseThreads(script, { FERRY_PARSE_THREADS: '500' })).toMatchObject({ count: 16, minBytes: 0 });
    for (const wrong of ['0', '-2', '1.5', 'two', '']) expect(workerParseThreads(script, { FERRY_PARSE_THREADS: wrong })).toMatchObject({ count: cores, minBytes: 32 * 1024 * 1024 });
  });

  it('answers a part whose worker cannot run as failed, so the load is parsed in one thread', async () => {
    const part = workerParseThreads(script, {}).start({ files: ['a.proto'], importPaths: [] });
    expect(await part.parsed).toBeUndefined();
    expect(await part.outcome([])).toBeUndefined();
    part.stop();
  });
});
