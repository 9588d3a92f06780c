import { afterEach, describe, expect, it } from 'vitest';
import { configureTrace, formatMetadataForTrace, isSecretKey, redact, trace } from './trace';

describe('trace', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it('writes only the enabled names', () => {
    const lines: string[] = [];
    restore = configureTrace({ sink: (line) => lines.push(line), setting: 'channel, call' });
    trace('channel', 'dialing');
    trace('schema', 'parsed');
    trace('call', () => 'started');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ferry:channel dialing$/);
    expect(lines[1]).toMatch(/ferry:call started$/);
  });

  it('enables everything with all and nothing when unset', () => {
    const lines: string[] = [];
    restore = configureTrace({ sink: (line) => lines.push(line), setting: 'all' });
    trace('workspace', 'x');
    trace('reflection', 'y');
    configureTrace({ setting: '' });
    trace('workspace', () => {
      throw new Error('must not build text when off');
    });
    expect(lines).toHaveLength(2);
  });
});

describe('redact', () => {
  it('hides secret metadata values', () => {
    const entries = [
      { key: 'Authorization', value: 'Bearer abc' },
      { key: 'cookie', value: 'a=b' },
      { key: 'x-api-key', value: 'k' },
      { key: 'x-session-token', value: 't' },
      { key: 'client-secret', value: 's' },
      { key: 'db-password', value: 'p' },
      { key: 'x-request-id', value: '42' },
      { key: 'x-custom', value: 'hidden', secret: true },
    ];
    expect(redact(entries).map((e) => e.value)).toEqual(['***', '***', '***', '***', '***', '***', '42', '***']);
    expect(entries[0]!.value).toBe('Bearer abc');
    expect(formatMetadataForTrace(entries.slice(5, 7))).toBe('db-password: ***, x-request-id: 42');
  });

  it('knows which keys are secret', () => {
    expect(isSecretKey('x-keyboard')).toBe(false);
    expect(isSecretKey('grpc-timeout')).toBe(false);
    expect(isSecretKey('X-Auth-Token')).toBe(true);
  });
});
