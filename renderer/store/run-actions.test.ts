import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestFile } from '../../shared/model';
import { iterationHeading, runFailures, runSummary } from './collection-run';
import { BENCH, startRealApi, type RealApi } from './testing/real-api';
import { startConnectProxy } from '../../electron/engine/testing/connect-proxy';
import { until } from '../../tests/kit/until';

let real: RealApi;
beforeAll(async () => {
  real = await startRealApi();
});
afterAll(() => real.close());

function saved(name: string, order: number, body: string, overrides: Partial<RequestFile> = {}): string {
  const file = { formatVersion: 3, name, order, target: '{{host}}', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, method: `${BENCH}/Echo`, metadata: [], messages: [JSON.parse(body)], assertions: [], ...overrides };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A workspace with an `orders` folder whose second request uses what the first captures, and a slow request that runs first. */
async function runnableStore() {
  const dir = await real.tempDir();
  await real.files.writeFiles(dir, {
    'ferry.workspace.json': JSON.stringify({ formatVersion: 1, name: 'Runs', defaultEnvironment: 'local' }),
    'environments/local.ferry-env.json': JSON.stringify({ formatVersion: 1, variables: [{ name: 'host', value: real.target }, { name: 'token', secret: true }] }),
    'orders/create.ferry.json': saved('Create', 1, '{"message": "order-7"}', { captures: [{ variable: 'orderId', jsonPath: '$.message' }] } as unknown as Partial<RequestFile>),
    'orders/get.ferry.json': saved('Get', 2, '{"message": "got {{orderId}}"}', { assertions: [{ jsonPath: '$.message', equals: 'got order-7' }] } as unknown as Partial<RequestFile>),
    'orders/wrong.ferry.json': saved('Wrong', 3, '{"message": "x"}', { assertions: [{ jsonPath: '$.message', equals: 'y' }] } as unknown as Partial<RequestFile>),
    'a-slow/slow.ferry.json': saved('Slow', 1, '{"delayMs": 30000}', { method: `${BENCH}/Slow` }),
    'data/greet.ferry.json': saved('Greet', 1, '{"message": "{{who}}"}', { captures: [{ variable: 'said', jsonPath: '$.message' }] } as unknown as Partial<RequestFile>),
    'fresh/first.ferry.json': saved('First', 1, '{"message": "{{later}}"}'),
    'fresh/second.ferry.json': saved('Second', 2, '{"message": "x"}', { captures: [{ variable: 'later', jsonPath: '$.message' }] } as unknown as Partial<RequestFile>),
    'data/reply.ferry.json': saved('Reply', 2, '{"message": "{{said}}-{{n}}"}', { captures: [{ variable: 'replied', jsonPath: '$.message' }] } as unknown as Partial<RequestFile>),
  });
  const store = real.store();
  store.getState().setWorkspaceDir(dir);
  await store.getState().openWorkspace();
  expect(store.getState().workspace.environment).toBe('local');
  return store;
}

describe('collection runs', () => {
  it('runs a folder in order, hands captured values on, and says what failed', async () => {
    const store = await runnableStore();
    await store.getState().runSavedRequests('orders');
    const run = store.getState().workspace.run!;
    expect(run.rows.map((row) => [row.path, row.state, row.result?.passed])).toEqual([
      ['orders/create.ferry.json', 'done', true],
      ['orders/get.ferry.json', 'done', true],
      ['orders/wrong.ferry.json', 'done', false],
    ]);
    expect(runFailures(run.rows[2]!.result!)).toEqual(['$.message equals "y": got "x"']);
    // The last response comes with each verdict, to show what the assertion was checked against.
    expect(run.rows[2]!.result!.responseMessages).toEqual([{ message: 'x' }]);
    expect(runSummary(run)).toMatch(/^orders: 2 passed, 1 failed \(\d+\.\d s\)$/);
    expect(store.getState().workspace.captured).toEqual([{ name: 'orderId', value: 'order-7', secret: false, from: 'Create' }]);
  });

  it("runs through the page's Proxy setting, which request files do not carry", async () => {
    const proxy = await startConnectProxy();
    try {
      const store = await runnableStore();
      store.getState().setConnectionForm({ proxy: proxy.url });
      await store.getState().runSavedRequests('orders');
      expect(store.getState().workspace.run!.rows.map((row) => row.result?.passed)).toEqual([true, true, false]);
      expect(proxy.tunnels).toContain(real.target);
    } finally {
      await proxy.close();
    }
  });

  it('stops a run: the running call is cancelled and the rest is not run', async () => {
    const store = await runnableStore();
    const { calls } = real.bench.stats;
    const running = store.getState().runSavedRequests('');
    await until(() => real.bench.stats.calls > calls, 'the slow call to reach the server');
    await store.getState().stopRun();
    await running;
    const run = store.getState().workspace.run!;
    expect(run.status).toBe('stopped');
    expect(run.rows.map((row) => row.state)).toEqual(['done', ...Array(7).fill('not run')]);
    expect(run.rows[0]!.result?.status?.name).toBe('CANCELLED');
    expect(runSummary(run)).toMatch(/^All saved requests: 0 passed, 1 failed, 7 not run \(stopped\)/);
    store.getState().closeRun();
    expect(store.getState().workspace.run).toBeUndefined();
  });

  it('runs a folder once per row of a data file, each row over the page\'s values, captures fresh in each row', async () => {
    const store = await runnableStore();
    store.getState().setPageVariable('who', 'the page', false);
    store.getState().setRunData('people.csv', 'who,n\nada,1\n"grace, h",2\n');
    expect(store.getState().workspace.runData?.rows.length).toBe(2);
    await store.getState().runSavedRequests('data');
    const run = store.getState().workspace.run!;
    const taken = (row: (typeof run.rows)[number]) => row.result?.captures.map((c) => c.value);
    expect(run.rows.map((row) => [row.iteration, row.path, row.result?.passed, taken(row)])).toEqual([
      [1, 'data/greet.ferry.json', true, ['ada']],
      [1, 'data/reply.ferry.json', true, ['ada-1']],
      [2, 'data/greet.ferry.json', true, ['grace, h']],
      [2, 'data/reply.ferry.json', true, ['grace, h-2']],
    ]);
    expect(runSummary(run)).toMatch(/^data × 2 rows of people\.csv: 4 passed, 0 failed/);
    // The page keeps its own value and gets the last row's captures; the rows' values stay with the run.
    expect(store.getState().workspace.captured.map((v) => [v.name, v.value])).toEqual([['who', 'the page'], ['said', 'grace, h'], ['replied', 'grace, h-2']]);

    // What row 1 captured is not there for row 2: its first request fails again for want of {{later}}.
    await store.getState().runSavedRequests('fresh');
    const fresh = store.getState().workspace.run!;
    expect(fresh.rows.map((row) => [row.iteration, row.path, row.result?.passed])).toEqual([
      [1, 'fresh/first.ferry.json', false],
      [1, 'fresh/second.ferry.json', true],
      [2, 'fresh/first.ferry.json', false],
      [2, 'fresh/second.ferry.json', true],
    ]);
    expect(runFailures(fresh.rows[2]!.result!)).toEqual([expect.stringContaining('unknown variable {{later}}')]);
  });

  it('repeats a run the given number of times, cycling through the data rows, with a pause between requests', async () => {
    const store = await runnableStore();
    store.getState().setRunData('people.csv', 'who,n\nada,1\ngrace,2\n');
    store.getState().setRunRepeat({ iterations: 3, delayMs: 5 });
    await store.getState().runSavedRequests('data');
    const run = store.getState().workspace.run!;
    expect(run.rows.map((row) => [row.iteration, row.path, row.result?.captures.map((c) => c.value)])).toEqual([
      [1, 'data/greet.ferry.json', ['ada']],
      [1, 'data/reply.ferry.json', ['ada-1']],
      [2, 'data/greet.ferry.json', ['grace']],
      [2, 'data/reply.ferry.json', ['grace-2']],
      [3, 'data/greet.ferry.json', ['ada']],
      [3, 'data/reply.ferry.json', ['ada-1']],
    ]);
    expect(runSummary(run)).toMatch(/^data × 3 iterations over 2 rows of people\.csv: 6 passed, 0 failed/);
    expect(iterationHeading(run, 2)).toBe('Iteration 3 of 3');

    // Without a data file the requests run that many times as they are.
    store.getState().clearRunData();
    store.getState().setRunRepeat({ iterations: 2, delayMs: 0 });
    const { calls } = real.bench.stats;
    await store.getState().runSavedRequests('orders');
    expect(real.bench.stats.calls - calls).toBe(6);
    expect(runSummary(store.getState().workspace.run!)).toMatch(/^orders × 2 iterations: 4 passed, 2 failed/);
  });

  it('stops a run that waits between requests without sending the next one', async () => {
    const store = await runnableStore();
    store.getState().setRunRepeat({ delayMs: 60_000 });
    const { calls } = real.bench.stats;
    const running = store.getState().runSavedRequests('orders');
    await until(() => store.getState().workspace.run?.rows[0]?.state === 'done', 'the first request to end');
    await store.getState().stopRun();
    await running;
    expect(real.bench.stats.calls - calls).toBe(1);
    expect(store.getState().workspace.run!.rows.map((row) => row.state)).toEqual(['done', 'not run', 'not run']);
  });

  it('refuses a data file that does not read, naming the line, and one that sets a secret', async () => {
    const store = await runnableStore();
    store.getState().setRunData('bad.csv', 'who,n\nada\n');
    expect(store.getState().workspace.error).toBe('Could not use bad.csv as run data: bad.csv:2: 1 values, but the header names 2 variables');
    expect(store.getState().workspace.runData).toBeUndefined();

    store.getState().setRunData('tokens.json', '[{"who": "a", "token": "t-1"}]');
    const { calls } = real.bench.stats;
    await store.getState().runSavedRequests('data');
    expect(store.getState().workspace.error).toMatch(/^tokens\.json sets token, a secret variable of environment "local": a data file is no place for a secret/);
    expect(store.getState().workspace.run).toBeUndefined();
    expect(real.bench.stats.calls).toBe(calls);
    store.getState().clearRunData();
    expect(store.getState().workspace.runData).toBeUndefined();
  });
});
