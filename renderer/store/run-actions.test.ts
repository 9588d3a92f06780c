import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestFile } from '../../shared/model';
import { runFailures, runSummary } from './collection-run';
import { BENCH, startRealApi, type RealApi } from './testing/real-api';
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
    'environments/local.ferry-env.json': JSON.stringify({ formatVersion: 1, variables: [{ name: 'host', value: real.target }] }),
    'orders/create.ferry.json': saved('Create', 1, '{"message": "order-7"}', { captures: [{ variable: 'orderId', jsonPath: '$.message' }] } as unknown as Partial<RequestFile>),
    'orders/get.ferry.json': saved('Get', 2, '{"message": "got {{orderId}}"}', { assertions: [{ jsonPath: '$.message', equals: 'got order-7' }] } as unknown as Partial<RequestFile>),
    'orders/wrong.ferry.json': saved('Wrong', 3, '{"message": "x"}', { assertions: [{ jsonPath: '$.message', equals: 'y' }] } as unknown as Partial<RequestFile>),
    'a-slow/slow.ferry.json': saved('Slow', 1, '{"delayMs": 30000}', { method: `${BENCH}/Slow` }),
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
    expect(runSummary(run)).toMatch(/^orders: 2 passed, 1 failed \(\d+\.\d s\)$/);
    expect(store.getState().workspace.captured).toEqual([{ name: 'orderId', value: 'order-7', secret: false, from: 'Create' }]);
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
    expect(run.rows.map((row) => row.state)).toEqual(['done', 'not run', 'not run', 'not run']);
    expect(run.rows[0]!.result?.status?.name).toBe('CANCELLED');
    expect(runSummary(run)).toMatch(/^All saved requests: 0 passed, 1 failed, 3 not run \(stopped\)/);
    store.getState().closeRun();
    expect(store.getState().workspace.run).toBeUndefined();
  });
});
