import { describe, expect, it } from 'vitest';
import { metadataDraftOf, metadataOf } from './environment-metadata';

describe('metadataOf', () => {
  it('lower-cases keys as gRPC sends them, but not the names of their variables, and leaves out empty rows', () => {
    const drafts = [
      metadataDraftOf({ key: ' Authorization ', value: 'Bearer {{accessToken}}', enabled: true }),
      metadataDraftOf({ key: 'X-{{TenantHeader}}-ID', value: 'v', enabled: false }),
      metadataDraftOf(),
    ];
    expect(metadataOf(drafts)).toEqual([
      { key: 'authorization', value: 'Bearer {{accessToken}}', enabled: true },
      { key: 'x-{{TenantHeader}}-id', value: 'v', enabled: false },
    ]);
  });
});
