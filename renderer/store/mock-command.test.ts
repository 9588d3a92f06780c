import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../shared/model';
import { checkCommand, mockCommand } from './mock-command';

const ROOT = '/home/me/payments';
const boxes = { port: '', web: false, passthrough: false };

describe('mockCommand', () => {
  it('names the files the schema came from relative to the workspace root, the responses file, the ports', () => {
    const config: ConnectionConfig = { target: 'localhost:50051', tls: { mode: 'plaintext' }, schema: { kind: 'proto-files', files: [`${ROOT}/protos/orders v1.proto`, '/elsewhere/common.proto'], importPaths: [`${ROOT}/protos`] } };
    expect(mockCommand(config, { port: '50052', web: true, passthrough: false, file: { name: 'orders' } }, ROOT)).toBe(
      "ferry mock --proto 'protos/orders v1.proto' --proto /elsewhere/common.proto -I protos --responses mocks/orders.ferry-mock.json --port 50052 --web-port 0",
    );
    expect(mockCommand({ ...config, schema: { kind: 'descriptor-set', files: ['C:\\w\\api.pb'] } }, boxes, 'C:\\w')).toBe('ferry mock --protoset api.pb');
    // Passthrough to the connection's server, which files do not name.
    expect(mockCommand(config, { ...boxes, passthrough: true }, ROOT)).toBe("ferry mock --proto 'protos/orders v1.proto' --proto /elsewhere/common.proto -I protos --passthrough-to localhost:50051");
  });

  it("reads a server's reflection as the connection reached it", () => {
    expect(mockCommand({ target: 'localhost:50051', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }, { ...boxes, port: '0' }, undefined)).toBe('ferry mock --plaintext localhost:50051');
    expect(mockCommand({ target: 'localhost:50051', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }, { ...boxes, passthrough: true }, undefined)).toBe('ferry mock --plaintext localhost:50051 --passthrough');
    const tls: ConnectionConfig = { target: 'api.internal:443', tls: { mode: 'tls', caCertPath: `${ROOT}/certs/ca.pem`, certPath: '/k/me.pem', keyPath: '/k/me.key', insecureSkipVerify: true, authority: 'api' }, schema: { kind: 'reflection' } };
    expect(mockCommand(tls, boxes, ROOT)).toBe('ferry mock --cacert certs/ca.pem --cert /k/me.pem --key /k/me.key --insecure --authority api api.internal:443');
    // A client bundle's passphrase as the secret variable it is read from; a typed one is never written out.
    const bundle: ConnectionConfig = { ...tls, tls: { mode: 'tls', pfxPath: `${ROOT}/certs/me.p12`, passphrase: '{{keyPass}}' } };
    expect(mockCommand(bundle, boxes, ROOT)).toBe('ferry mock --pfx certs/me.p12 --pass-env FERRY_VAR_KEYPASS api.internal:443');
    expect(mockCommand({ ...bundle, tls: { mode: 'tls', pfxPath: '/k/me.p12', passphrase: 'typed-s3cret' } }, boxes, ROOT)).toBe('ferry mock --pfx /k/me.p12 api.internal:443');
    // The Proxy setting goes with it, unless it holds credentials (a CI job's environment names those).
    expect(mockCommand({ ...bundle, transport: { proxy: 'http://proxy.corp:3128' } }, boxes, ROOT)).toBe('ferry mock --pfx certs/me.p12 --pass-env FERRY_VAR_KEYPASS --proxy http://proxy.corp:3128 api.internal:443');
    expect(mockCommand({ ...bundle, transport: { proxy: 'http://ada:pw@proxy.corp:3128' } }, boxes, ROOT)).toBe('ferry mock --pfx certs/me.p12 --pass-env FERRY_VAR_KEYPASS api.internal:443');
    expect(mockCommand({ target: 'http://localhost:8080', protocol: 'connect', codec: 'json', httpVersion: '2', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }, boxes, ROOT)).toBe(
      'ferry mock --protocol connect --codec json --http2 http://localhost:8080',
    );
  });
});

describe('checkCommand', () => {
  it('checks the connection as the form has it: the schema files say reflection is not expected, no metadata', () => {
    const files: ConnectionConfig = { target: 'api.internal:443', tls: { mode: 'tls', caCertPath: `${ROOT}/certs/ca.pem`, pfxPath: `${ROOT}/certs/me.p12`, passphrase: '{{keyPass}}' }, schema: { kind: 'proto-files', files: [`${ROOT}/protos/a.proto`], importPaths: [`${ROOT}/protos`] }, metadata: [{ key: 'authorization', value: 'Bearer s3cret' }], transport: { proxy: 'http://proxy.corp:3128' } };
    expect(checkCommand(files, ROOT)).toBe('ferry check --proto protos/a.proto -I protos --cacert certs/ca.pem --pfx certs/me.p12 --pass-env FERRY_VAR_KEYPASS --proxy http://proxy.corp:3128 api.internal:443');
    expect(checkCommand({ target: 'localhost:50051', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }, undefined)).toBe('ferry check --plaintext localhost:50051');
  });
});
