import { describe, expect, it } from 'vitest';
import { insomniaV4Export } from '../testing/insomnia-export';
import { importInsomnia } from './import-insomnia';

const V5 = `type: collection.insomnia.rest/5.0
name: Payments
meta:
  id: wrk_9
collection:
  - name: Refunds
    meta:
      id: fld_9
    children:
      - url: grpcs://payments.example.com:443
        name: Create refund
        meta:
          id: greq_9
          sortKey: -1
        body:
          text: |-
            {"id": "{% uuid 'v4' %}", "by": "{% response 'body', 'req_1', '$.user' %}"}
        metadata:
          - name: x-request-id
            value: "{{ _.requestId }}"
        protoMethodName: /payments.v1.Refunds/Create
        reflectionApi:
          enabled: false
          url: https://buf.build
          apiKey: ""
          module: ""
      - url: https://payments.example.com/health
        name: Health
        method: GET
        settings: {}
environments:
  name: Base Environment
  data:
    requestId: r-1
  subEnvironments:
    - name: prod
      data:
        requestId: r-prod
        clientSecret: s3cret
`;

describe('importInsomnia', () => {
  it('reads a v4 export: folders, the .proto file, templates, TLS by URL, secrets left out, environments over the base', async () => {
    const result = await importInsomnia(insomniaV4Export(), 'orders.json');
    if (!result.ok) throw new Error(result.error.message);
    const imported = result.value;
    expect(imported.name).toBe('Orders API');
    expect(imported.requests).toHaveLength(1);
    expect(imported.requests[0]).toEqual({
      folders: ['Users', 'Admin Tools'],
      file: {
        formatVersion: 3,
        name: 'Get user',
        target: '{{host}}',
        tls: { mode: 'plaintext' },
        schema: { kind: 'proto-files', files: ['protos/proto/users.proto'], importPaths: ['protos'] },
        method: 'users.v1.Users/Get',
        metadata: [
          { key: 'authorization', value: 'Bearer {{authorization}}', enabled: true },
          { key: 'x-tenant', value: '{{tenant}}', enabled: true },
          { key: 'x-debug', value: '1', enabled: false },
        ],
        messages: ['{\n\t"id": "{{userId}}",\n\t"at": "{{$isoTimestamp}}"\n}'],
        assertions: [],
      },
    });
    expect(imported.protoFiles).toEqual([{ path: 'proto/users.proto', text: 'syntax = "proto3";\npackage users.v1;\n' }]);
    expect(imported.environments.map((environment) => [environment.name, environment.file.variables])).toEqual([
      [
        'Staging',
        [
          { name: 'host', value: 'grpcs://staging.example.com:443', secret: false },
          { name: 'tenant', value: 'acme', secret: false },
          { name: 'userId', value: 'u-1', secret: false },
          { name: 'apiKey', secret: true },
          { name: 'nested.region', value: 'eu', secret: false },
          { name: 'authorization', secret: true },
        ],
      ],
    ]);
    expect(imported.warnings).toEqual([
      'Get user: the value of authorization is a secret and was not written; the request sends {{authorization}}, whose value comes from FERRY_VAR_AUTHORIZATION',
      'No method: no method was chosen in Insomnia; skipped',
      'environment Staging: the value of apiKey looks secret and was not written; it comes from FERRY_VAR_APIKEY',
      '1 request(s) that are not gRPC (HTTP, WebSocket, …) were not imported',
    ].map((warning) => (warning.startsWith('Get user') ? `Users / Admin Tools / ${warning}` : warning)));
    expect(JSON.stringify(imported)).not.toContain('abc.def.ghi');
    expect(JSON.stringify(imported)).not.toContain('k-123');
  });

  it('reads a v5 YAML export: grpcs:// as TLS, uuid as a built-in, a tag it cannot run kept and named', async () => {
    const result = await importInsomnia(V5, 'payments.yaml');
    if (!result.ok) throw new Error(result.error.message);
    const [refund] = result.value.requests;
    expect(refund?.folders).toEqual(['Refunds']);
    expect(refund?.file).toMatchObject({ target: 'payments.example.com:443', tls: { mode: 'tls' }, schema: { kind: 'reflection' }, method: 'payments.v1.Refunds/Create', metadata: [{ key: 'x-request-id', value: '{{requestId}}', enabled: true }] });
    expect(refund?.file.messages[0]).toBe(`{"id": "{{$uuid}}", "by": "{% response 'body', 'req_1', '$.user' %}"}`);
    expect(result.value.environments).toEqual([{ name: 'prod', file: { formatVersion: 1, variables: [{ name: 'requestId', value: 'r-prod', secret: false }, { name: 'clientSecret', secret: true }] } }]);
    expect(result.value.warnings).toContain(`Refunds / Create refund: the Insomnia template tag {% response 'body', 'req_1', '$.user' %} has no Ferry equivalent; it was kept as text`);
    expect(result.value.warnings).toContain('1 request(s) that are not gRPC (HTTP, WebSocket, …) were not imported');
  });

  it.each([
    ['JSON that is no Insomnia export', '{"info": {"schema": "postman"}}', /is not an Insomnia export: expected "_type": "export" \(v4\) or "type": "collection\.insomnia\.rest\/5\.0" \(v5\)/],
    ['an older export format', '{"_type": "export", "__export_format": 3, "resources": []}', /Insomnia export format 3 is not read/],
    ['a v5 file that is not a collection', 'type: spec.insomnia.rest/5.0\nname: x\n', /only Insomnia collections are read/],
    ['YAML that does not parse', 'type: [unclosed\n', /is neither JSON nor YAML/],
    ['JSON that does not parse', '{"_type": "export",', /invalid JSON at line 1.*"file":"export\.json"/],
  ])('refuses %s, naming the file', async (_what, text, message) => {
    const result = await importInsomnia(text, 'export.json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(`${result.error.message} ${JSON.stringify(result.error.details)}`).toMatch(message);
  });
});
