import { describe, expect, it } from 'vitest';
import { defaultConnectionForm } from './connection-form';
import { readStoredSession, storedSessionOf } from './stored-session';
import type { FerryState, RequestTab } from './types';

const method = { name: 'Echo', fullName: 'p.S.Echo', path: '/p.S/Echo', kind: 'unary' as const, requestType: 'p.Req', responseType: 'p.Res' };

function stateWith(tab: Partial<RequestTab>, mock: { port: string; responses: string; web?: boolean; file?: object } = { port: '', responses: '' }): FerryState {
  const full: RequestTab = { id: 't1', body: '{}', bodyTouched: true, metadata: [], deadlineSec: '', starting: false, assertions: [], captures: [], method, ...tab };
  const state = {
    tabs: [full],
    activeTabId: 't1',
    connection: { form: defaultConnectionForm(), status: 'connected', reloading: false },
    mock: { web: false, passthrough: false, record: false, ...mock, status: 'running', calls: [], lastSeq: 0, missed: 0 },
    workspace: { dir: '/w', status: 'open', environment: 'local', saveAsPath: '', historyQuery: '', history: [], runRepeat: { delayMs: 0 }, captured: [{ name: 'token', value: 'captured-secret', secret: true, from: 'Login' }] },
  };
  return state as unknown as FerryState;
}

describe('stored session', () => {
  it('round-trips tabs, connection settings and the workspace, but no captured value', () => {
    const captures = [{ variable: 'token', from: 'jsonPath' as const, path: '$.token', secret: true }];
    const stored = storedSessionOf(stateWith({ body: '{"a": {{n}}}', deadlineSec: '2', metadata: [{ id: 'm', key: 'x-a', value: 'b', enabled: false }], captures }));
    const read = readStoredSession(JSON.stringify(stored));
    expect(read.ok && read.value).toEqual(stored);
    expect(stored.tabs[0]!.captures).toEqual(captures);
    expect(JSON.stringify(stored)).not.toContain('captured-secret');
    expect(stored.tabs[0]).toMatchObject({ body: '{"a": {{n}}}', deadlineSec: '2', metadata: [{ key: 'x-a', value: 'b', enabled: false }], method });
    expect(stored.workspace).toEqual({ dir: '/w', open: true, environment: 'local' });
    expect(stored.connection.connected).toBe(true);
  });

  it("keeps the mock server's boxes as typed, not the running mock; nothing while they are empty", () => {
    expect(storedSessionOf(stateWith({})).mock).toBeUndefined();
    const file = { name: 'orders', text: '{}', stamp: { mtimeMs: 1, hash: 'h' } };
    const stored = storedSessionOf(stateWith({}, { port: '50051', responses: '{"p.S/Echo": {}}', web: true, file }));
    expect(stored.mock).toEqual({ port: '50051', responses: '{"p.S/Echo": {}}', web: true, file: 'orders' });
    const read = readStoredSession(JSON.stringify(stored));
    expect(read.ok && read.value.mock).toEqual(stored.mock);
  });

  it('keeps no literal value of a sensitive metadata key, only variables', () => {
    const rows = [
      { id: '1', key: 'authorization', value: 'Bearer abc.def', enabled: true },
      { id: '2', key: 'Authorization', value: 'Bearer {{token}}', enabled: true },
      { id: '3', key: 'x-api-key', value: 's3cret', enabled: true },
      { id: '4', key: 'x-trace', value: 'kept', enabled: true },
    ];
    expect(storedSessionOf(stateWith({ metadata: rows })).tabs[0]!.metadata.map((m) => m.value)).toEqual(['', 'Bearer {{token}}', '', 'kept']);
  });

  it("keeps the proxy setting but not a proxy URL's password, unless it is a variable", () => {
    const proxied = (proxy: string) => {
      const state = stateWith({});
      state.connection.form = { ...state.connection.form, proxy };
      return storedSessionOf(state).connection.form.proxy;
    };
    expect(proxied('http://proxy.corp:3128')).toBe('http://proxy.corp:3128');
    expect(proxied('http://ada:s3cret@proxy.corp:3128')).toBe('http://ada@proxy.corp:3128');
    expect(proxied('http://ada:{{proxyPassword}}@proxy.corp:3128')).toBe('http://ada:{{proxyPassword}}@proxy.corp:3128');
    expect(proxied('direct')).toBe('direct');
  });

  it('keeps a key passphrase only when it is nothing but variables', () => {
    const kept = (passphrase: string) => {
      const state = stateWith({});
      state.connection.form = { ...state.connection.form, passphrase };
      return storedSessionOf(state).connection.form.passphrase;
    };
    expect(kept('{{keyPassphrase}}')).toBe('{{keyPassphrase}}');
    expect(kept('hunter2')).toBe('');
    expect(kept('pre{{fix}}')).toBe('');
  });

  it('reads a session stored before the proxy and client bundle settings existed, with them empty', () => {
    const stored = storedSessionOf(stateWith({}));
    const { proxy: _proxy, pfxPath: _pfx, passphrase: _pass, ...older } = stored.connection.form;
    const read = readStoredSession(JSON.stringify({ ...stored, connection: { ...stored.connection, form: older } }));
    expect(read.ok && read.value.connection.form).toMatchObject({ proxy: '', pfxPath: '', passphrase: '' });
  });

  it('refuses what it cannot use, saying where', () => {
    expect(readStoredSession('{oops').ok).toBe(false);
    const wrongShape = readStoredSession('{"version": 1, "tabs": "x"}');
    expect(!wrongShape.ok && wrongShape.error.message).toContain('session.tabs');
    const later = readStoredSession(JSON.stringify({ ...storedSessionOf(stateWith({})), version: 99 }));
    expect(!later.ok && later.error.message).toContain('version 99');
  });
});
