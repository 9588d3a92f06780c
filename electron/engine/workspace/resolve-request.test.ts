import { describe, expect, it } from 'vitest';
import { createEnvSecretStore } from './secret-store';
import { resolveRequest, type ResolveOptions } from './resolve-request';
import { sampleEnvironment, sampleRequest } from './workspace-test-kit';

const env = { name: 'local', file: sampleEnvironment() };
const secrets = createEnvSecretStore({ FERRY_VAR_TOKEN: 'tok"en\\1' });
const options: ResolveOptions = { environment: env, secrets, file: 'api/greet.ferry.json', baseDir: '/ws' };

function resolved(overrides: Parameters<typeof sampleRequest>[0] = {}, opts: ResolveOptions = options) {
  const result = resolveRequest(sampleRequest(overrides), opts);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function failure(overrides: Parameters<typeof sampleRequest>[0], opts: ResolveOptions = options) {
  const result = resolveRequest(sampleRequest(overrides), opts);
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('resolveRequest', () => {
  it('substitutes in the target, metadata keys and values, and drops disabled metadata', () => {
    const request = resolved({
      target: 'dns:///{{host}}',
      metadata: [
        { key: 'x-{{user}}', value: 'n={{n}}', enabled: false },
        { key: 'x-count-{{n}}', value: 'Bearer {{token}}', enabled: true },
      ],
    });
    expect(request.target).toBe('dns:///localhost:50051');
    expect(request.metadata).toEqual([{ key: 'x-count-3', value: 'Bearer tok"en\\1' }]);
    expect(request.secretValues).toEqual(['tok"en\\1']);
  });

  it('sends the environment\'s metadata first, unless the request sends the key itself', () => {
    const withMetadata: ResolveOptions = {
      ...options,
      environment: {
        name: 'local',
        file: { ...sampleEnvironment(), metadata: [
          { key: 'authorization', value: 'Bearer {{token}}', enabled: true },
          { key: 'x-tenant', value: '{{n}}', enabled: true },
          { key: 'x-trace', value: 'on', enabled: true },
          { key: 'x-off', value: 'never', enabled: false },
        ] },
      },
    };
    const request = resolved({ metadata: [{ key: 'X-Tenant', value: 'own', enabled: true }, { key: 'x-trace', value: '', enabled: false }] }, withMetadata);
    expect(request.metadata).toEqual([
      { key: 'authorization', value: 'Bearer tok"en\\1' },
      { key: 'x-trace', value: 'on' },
      { key: 'x-tenant', value: 'own' },
    ]);
    expect(request.secretValues).toEqual(['tok"en\\1']);
    const bad = { ...withMetadata, environment: { name: 'local', file: { ...sampleEnvironment(), metadata: [{ key: 'x-who', value: '{{nobody}}', enabled: true }] } } };
    expect(failure({}, bad).message).toBe('unknown variable {{nobody}} in metadata[0].value of environment "local" of api/greet.ferry.json');
  });

  it('inside JSON strings inserts escaped text; as a whole value inserts the JSON form', () => {
    const request = resolved({ messages: ['{"greeting": "hi {{user}} #{{n}}", "count": {{n}}, "who": {{user}}, "auth": "{{token}}"}'] });
    expect(JSON.parse(request.messages[0]!)).toEqual({ greeting: 'hi Grace "G" Hopper #3', count: 3, who: 'Grace "G" Hopper', auth: 'tok"en\\1' });
  });

  it('resolves built-ins fresh on each use', () => {
    const request = resolved({ messages: ['{"a": "{{$uuid}}", "b": "{{ $uuid }}", "t": {{$timestamp}}, "iso": "{{$isoTimestamp}}", "r": {{$randomInt}}}'] });
    const body = JSON.parse(request.messages[0]!);
    expect(body.a).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.b).not.toBe(body.a);
    expect(Math.abs(body.t - Date.now() / 1000)).toBeLessThan(5);
    expect(new Date(body.iso).toISOString()).toBe(body.iso);
    expect(Number.isInteger(body.r) && body.r >= 0 && body.r <= 1000).toBe(true);
  });

  it('makes relative schema and TLS paths absolute against the workspace root', () => {
    const request = resolved();
    expect(request.schema).toEqual({ kind: 'proto-files', files: ['/ws/protos/greeter.proto'], importPaths: ['/ws/protos', '/ws/third_party'] });
    expect(request.tls).toMatchObject({ caCertPath: '/ws/certs/ca.pem', keyPath: '/ws/certs/client.key', authority: 'api.example.com' });
  });

  it('fails before sending on an unknown variable, naming it, where it was used and the file', () => {
    const error = failure({ metadata: [{ key: 'x-tenant', value: '{{tenant}}', enabled: true }] });
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe('unknown variable {{tenant}} in metadata[0].value of api/greet.ferry.json');
    expect(error.details).toMatchObject({ file: 'api/greet.ferry.json', fieldPath: 'metadata[0].value' });
    expect(failure({ messages: ['{"a": {{missing}}}'] }).message).toContain('{{missing}} in messages[0]');
    expect(failure({ messages: ['{"a": "{{$nope}}"}'] }).message).toContain('unknown built-in variable {{$nope}}');
  });

  it('says how to provide a secret that has no value', () => {
    const error = failure({}, { ...options, secrets: createEnvSecretStore({}) });
    expect(error.message).toContain('secret variable {{token}} used in metadata[0].value');
    expect(error.details?.hint).toBe('set the environment variable FERRY_VAR_TOKEN');
  });

  it('without an environment, says that none is selected', () => {
    const error = failure({}, { file: 'x.ferry.json' });
    expect(error.details?.hint).toContain('--env');
  });

  it('leaves text that only looks like a placeholder alone', () => {
    const request = resolved({ target: 'h:1', metadata: [], messages: ['{"a": "{{ not valid!}}", "b": "{x}"}'] });
    expect(request.messages[0]).toBe('{"a": "{{ not valid!}}", "b": "{x}"}');
  });
});
