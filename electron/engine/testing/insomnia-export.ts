/** Test fixtures: Insomnia exports, written here in the shape Insomnia writes them. */

/** An Insomnia v4 export as Insomnia 2021–2024 writes one: a workspace, nested folders, a proto file in a directory. */
export interface InsomniaFixtureOptions {
  url?: string;
  protoText?: string;
  method?: string;
  body?: string;
  /** The staging sub-environment's data (over the base environment's). */
  staging?: Record<string, unknown>;
}

export function insomniaV4Export(options: InsomniaFixtureOptions = {}): string {
  const resource = (type: string, id: string, parentId: string | null, fields: Record<string, unknown>) => ({ _id: id, parentId, _type: type, modified: 1, created: 1, ...fields });
  return JSON.stringify({
    _type: 'export',
    __export_format: 4,
    __export_date: '2024-03-01T10:00:00.000Z',
    __export_source: 'insomnia.desktop.app:v2023.5.8',
    resources: [
      resource('workspace', 'wrk_1', null, { name: 'Orders API', scope: 'collection' }),
      resource('request_group', 'fld_users', 'wrk_1', { name: 'Users' }),
      resource('request_group', 'fld_admin', 'fld_users', { name: 'Admin Tools' }),
      resource('grpc_request', 'greq_1', 'fld_admin', {
        name: 'Get user',
        url: options.url ?? '{{ _.host }}',
        protoFileId: 'pf_1',
        protoMethodName: options.method ?? '/users.v1.Users/Get',
        body: { text: options.body ?? '{\n\t"id": "{{ _.userId }}",\n\t"at": "{% now \'iso-8601\', \'\' %}"\n}' },
        metadata: [
          { name: 'Authorization', value: 'Bearer abc.def.ghi' },
          { name: 'x-tenant', value: '{{ _.tenant }}' },
          { name: 'x-debug', value: '1', disabled: true },
        ],
      }),
      resource('grpc_request', 'greq_2', 'wrk_1', { name: 'No method', url: 'localhost:50051', protoFileId: '', protoMethodName: '', body: { text: '' }, metadata: [] }),
      resource('request', 'req_1', 'wrk_1', { name: 'Health (HTTP)', method: 'GET', url: 'https://example.com/health' }),
      resource('environment', 'env_base', 'wrk_1', { name: 'Base Environment', data: { host: 'localhost:50051', tenant: 'acme', userId: 'u-1', apiKey: 'k-123', nested: { region: 'eu' } } }),
      resource('environment', 'env_staging', 'env_base', { name: 'Staging', data: options.staging ?? { host: 'grpcs://staging.example.com:443' } }),
      resource('proto_directory', 'pd_1', 'wrk_1', { name: 'proto' }),
      resource('proto_file', 'pf_1', 'pd_1', { name: 'users.proto', protoText: options.protoText ?? 'syntax = "proto3";\npackage users.v1;\n' }),
    ],
  });
}
