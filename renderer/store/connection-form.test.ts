import { describe, expect, it } from 'vitest';
import { defaultConnectionForm, toConnectionConfig } from './connection-form';

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

  it('says what is missing', () => {
    expect(toConnectionConfig({ ...defaultConnectionForm(), target: ' ' })).toMatchObject({ ok: false, message: expect.stringMatching(/target/) });
    expect(toConnectionConfig({ ...defaultConnectionForm(), schemaSource: 'descriptor-set' })).toMatchObject({ ok: false });
    expect(toConnectionConfig({ ...defaultConnectionForm(), tls: 'tls', certPath: 'c.pem' })).toMatchObject({ ok: false, message: expect.stringMatching(/key/) });
  });
});
