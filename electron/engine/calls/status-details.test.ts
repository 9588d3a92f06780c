import { describe, expect, it } from 'vitest';
import { loadBenchRoot, lookupOf, testCodec } from './call-test-kit';
import { decodeStatusDetails } from './status-details';

const root = loadBenchRoot();
const types = lookupOf(root);

function statusBytes(details: { type_url: string; value: Uint8Array }[]): Buffer {
  const Status = root.lookupType('google.rpc.Status');
  return Buffer.from(Status.encode(Status.fromObject({ code: 3, message: 'bad', details })).finish());
}

describe('status details', () => {
  it('decodes known types to ProtoJSON and keeps unknown ones raw', () => {
    const ErrorInfo = root.lookupType('google.rpc.ErrorInfo');
    const bytes = statusBytes([
      { type_url: 'type.googleapis.com/google.rpc.ErrorInfo', value: ErrorInfo.encode(ErrorInfo.fromObject({ reason: 'R' })).finish() },
      { type_url: 'example.com/acme.Unknown', value: Uint8Array.of(8, 1) },
    ]);
    expect(decodeStatusDetails(bytes, types, testCodec.decode)).toEqual([
      { typeUrl: 'type.googleapis.com/google.rpc.ErrorInfo', type: 'google.rpc.ErrorInfo', value: { reason: 'R' } },
      { typeUrl: 'example.com/acme.Unknown', type: 'acme.Unknown', raw: 'CAE=' },
    ]);
  });

  it('falls back to raw when a detail does not decode as its type', () => {
    const bytes = statusBytes([{ type_url: 'type.googleapis.com/google.rpc.ErrorInfo', value: Uint8Array.of(0xff, 0xff) }]);
    expect(decodeStatusDetails(bytes, types, testCodec.decode)).toEqual([
      { typeUrl: 'type.googleapis.com/google.rpc.ErrorInfo', type: 'google.rpc.ErrorInfo', raw: '//8=' },
    ]);
  });

  it('gives no details for a malformed status', () => {
    expect(decodeStatusDetails(Uint8Array.of(0x1a, 0x50, 1), types, testCodec.decode)).toEqual([]);
  });
});
