import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../shared/model';
import { defaultConnectionForm, protocolChoice, protocolFormOf, toConnectionConfig } from './connection-form';
import { requestFileFromHistory } from './request-file';

describe('toConnectionConfig', () => {
  it('builds a plaintext reflection config from the defaults', () => {
    expect(toConnectionConfig(defaultConnectionForm())).toEqual({ ok: true, config: { target: 'localhost:50051', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } } });
  });

  it('keeps only the TLS fields that are filled and splits path lists by line', () => {
    const form = { ...defaultConnectionForm(), tls: 'tls' as const, caCertPath: ' ca.pem ', authority: 'api.test', schemaSource: 'proto-files' as const, protoFiles: 'a.proto\n\n b.proto \n', importPaths: 'protos' };
    expect(toConnectionConfig(form)).toEqual({
      ok: true,
      config: { target: 'localhost:50051', tls: { mode: 'tls', caCertPath: 'ca.pem', authority: 'api.test' }, schema: { kind: 'proto-files', files: ['a.proto', 'b.proto'], importPaths: ['protos'] } },
    });
  });

  it('sends a client bundle and its passphrase, and refuses a bundle beside a certificate and key', () => {
    const form = { ...defaultConnectionForm(), tls: 'tls' as const, pfxPath: ' me.p12 ', passphrase: '{{keyPassphrase}}' };
    expect(toConnectionConfig(form)).toMatchObject({ ok: true, config: { tls: { mode: 'tls', pfxPath: 'me.p12', passphrase: '{{keyPassphrase}}' } } });
    expect(toConnectionConfig({ ...form, certPath: 'me.pem', keyPath: 'me.key' })).toMatchObject({ ok: false, message: expect.stringMatching(/PKCS#12 bundle/) });
  });

  it('turns the Network boxes into transport settings, and says which one does not read', () => {
    const form = { ...defaultConnectionForm(), maxMessageMiB: ' 8.5 ', keepaliveSec: '30', compression: 'gzip' as const };
    expect(toConnectionConfig(form)).toMatchObject({ ok: true, config: { transport: { maxMessageBytes: 8_912_896, keepaliveTimeMs: 30_000, compression: 'gzip' } } });
    expect(toConnectionConfig({ ...form, maxMessageMiB: '0' })).toEqual({ ok: false, message: 'Max message size is in MiB, more than 0 and at most 2047: "0" is not.' });
    expect(toConnectionConfig({ ...form, maxMessageMiB: '4096' })).toMatchObject({ ok: false });
    expect(toConnectionConfig({ ...form, keepaliveSec: '1.5' })).toEqual({ ok: false, message: 'Keepalive is whole seconds, 1 or more: "1.5" is not.' });
  });

  it('sends a proxy setting only when one is typed', () => {
    const config = (proxy: string) => {
      const built = toConnectionConfig({ ...defaultConnectionForm(), proxy });
      return built.ok ? built.config.transport : 'refused';
    };
    expect(config(' http://proxy.corp:3128 ')).toEqual({ proxy: 'http://proxy.corp:3128' });
    expect(config('direct')).toEqual({ proxy: 'direct' });
    expect(config('  ')).toBeUndefined();
  });

  it('says what is missing', () => {
    expect(toConnectionConfig({ ...defaultConnectionForm(), target: ' ' })).toMatchObject({ ok: false, message: expect.stringMatching(/target/) });
    expect(toConnectionConfig({ ...defaultConnectionForm(), schemaSource: 'descriptor-set' })).toMatchObject({ ok: false });
    expect(toConnectionConfig({ ...defaultConnectionForm(), tls: 'tls', certPath: 'c.pem' })).toMatchObject({ ok: false, message: expect.stringMatching(/key/) });
  });
});

describe('the protocol choice', () => {
  it('adds protocol, HTTP version and codec for the web protocols, nothing for gRPC', () => {
    expect(protocolChoice({ protocol: 'grpc', httpVersion: '2' })).toEqual({});
    expect(protocolChoice({ protocol: 'grpc-web', httpVersion: '' })).toEqual({ protocol: 'grpc-web' });
    expect(protocolChoice({ protocol: 'connect-json', httpVersion: '1.1' })).toEqual({ protocol: 'connect', httpVersion: '1.1', codec: 'json' });
    const form = { ...defaultConnectionForm(), target: 'https://api.example.com/rpc', tls: 'tls' as const, protocol: 'connect' as const, httpVersion: '2' as const };
    expect(toConnectionConfig(form)).toMatchObject({ ok: true, config: { target: 'https://api.example.com/rpc', protocol: 'connect', httpVersion: '2' } });
  });

  it('reads a saved request\'s protocol back into the form', () => {
    expect(protocolFormOf({})).toEqual({ protocol: 'grpc', httpVersion: '' });
    expect(protocolFormOf({ protocol: 'connect', codec: 'json', httpVersion: '2' })).toEqual({ protocol: 'connect-json', httpVersion: '2' });
  });

  it('says when a URL target and the protocol or security disagree', () => {
    expect(toConnectionConfig({ ...defaultConnectionForm(), target: 'https://api.example.com' })).toMatchObject({ ok: false, message: expect.stringMatching(/needs a web protocol/) });
    expect(toConnectionConfig({ ...defaultConnectionForm(), target: 'https://api.example.com', protocol: 'grpc-web' })).toMatchObject({ ok: false, message: 'The target is https:// but Security is Plaintext: make them agree.' });
  });
});

describe('reopening a past call', () => {
  it('keeps the protocol the history entry was made over', () => {
    const entry: HistoryEntry = {
      id: 'h1', time: '2026-12-05T00:00:00.000Z', method: 'ferry.testing.v1.Bench/Echo', target: 'https://api.example.com/rpc',
      protocol: 'grpc-web', httpVersion: '1.1',
      request: { metadata: [], messages: ['{}'] }, status: { code: 0, name: 'OK', message: '' }, timings: {}, response: { messageCount: 1, messages: [] },
    };
    expect(requestFileFromHistory(entry)).toMatchObject({ target: 'https://api.example.com/rpc', protocol: 'grpc-web', httpVersion: '1.1' });
    expect(protocolFormOf(entry)).toEqual({ protocol: 'grpc-web', httpVersion: '1.1' });
  });
});
