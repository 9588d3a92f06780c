/**
 * The File menu's events reach the store: a real store over the real engine (through `ferry serve`), and
 * only `window.ferryDesktop` stood in for, firing the events electron/main's menu actions send
 * (menu-actions.test.ts) and the preload bridge forwards (create-preload-api.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopMenuEvent } from '../../shared/api';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../../electron/engine/testing/bench-server';
import { makeBenchDescriptorSet } from '../../electron/engine/testing/bench-descriptor-set';
import { BENCH, startRealApi, type RealApi } from '../store/testing/real-api';
import { until } from '../../tests/kit/until';
import { followDesktopMenu } from './desktop-menu';

let real: RealApi;
beforeAll(async () => {
  real = await startRealApi();
});
afterAll(() => real.close());

/** window.ferryDesktop as the preload exposes it: one listener, fed by `fire`. */
function fakeDesktopBridge() {
  let listener: ((event: DesktopMenuEvent) => void) | undefined;
  return {
    bridge: {
      onMenuEvent(next: (event: DesktopMenuEvent) => void) {
        listener = next;
        return () => (listener = undefined);
      },
    },
    fire: (event: DesktopMenuEvent) => listener?.(event),
  };
}

const benchServiceLoaded = (services: ReadonlyArray<{ fullName: string }> | undefined) => services?.some((s) => s.fullName === BENCH) === true;

describe('the desktop File menu', () => {
  it('Open .proto Files: the files and import paths become the connection schema, and it connects with them', async () => {
    const store = real.store();
    const { bridge, fire } = fakeDesktopBridge();
    const stop = followDesktopMenu(bridge, () => store.getState());
    const file = `${BENCH_PROTO_ROOT}/${BENCH_PROTO_FILE}`;
    fire({ type: 'schema-source-chosen', source: { kind: 'proto-files', files: [file], importPaths: [BENCH_PROTO_ROOT] } });
    await until(() => store.getState().connection.status === 'connected', 'the connection opened from the menu');
    const { connection, schema } = store.getState();
    expect(connection.form).toMatchObject({ schemaSource: 'proto-files', protoFiles: file, importPaths: BENCH_PROTO_ROOT });
    // From the files, not the server: reflection would have named the API version it answered with.
    expect(connection.info?.reflectionVersion).toBeUndefined();
    expect(benchServiceLoaded(schema.services)).toBe(true);
    stop();
  });

  it('Open Descriptor Set: the set becomes the connection schema, replacing a reflection connection', async () => {
    const store = await real.connectedStore();
    const dir = await real.tempDir();
    await real.files.writeFiles(dir, { 'bench.protoset': makeBenchDescriptorSet() });
    const { bridge, fire } = fakeDesktopBridge();
    const stop = followDesktopMenu(bridge, () => store.getState());
    const before = store.getState().connection.info?.connectionId;
    fire({ type: 'schema-source-chosen', source: { kind: 'descriptor-set', files: [`${dir}/bench.protoset`] } });
    await until(() => store.getState().connection.info?.connectionId !== before && store.getState().connection.status === 'connected', 'the new connection');
    expect(store.getState().connection.form).toMatchObject({ schemaSource: 'descriptor-set', descriptorSets: `${dir}/bench.protoset` });
    expect(store.getState().connection.info?.reflectionVersion).toBeUndefined();
    expect(benchServiceLoaded(store.getState().schema.services)).toBe(true);
    stop();
  });

  it('stops following the menu once unsubscribed', () => {
    const store = real.store();
    const { bridge, fire } = fakeDesktopBridge();
    followDesktopMenu(bridge, () => store.getState())();
    fire({ type: 'schema-source-chosen', source: { kind: 'descriptor-set', files: ['/nowhere.protoset'] } });
    expect(store.getState().connection).toMatchObject({ status: 'idle', form: { schemaSource: 'reflection' } });
  });
});
