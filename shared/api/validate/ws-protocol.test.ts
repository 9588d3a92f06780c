import { describe, expect, it } from 'vitest';
import { parseCommandFrame, parseServerFrame, peekFrameId } from './ws-protocol';

describe('parseCommandFrame', () => {
  it('accepts a valid call', () => {
    const parsed = parseCommandFrame(JSON.stringify({ id: 7, command: 'cancelCall', args: ['call-1'] }));
    expect(parsed).toEqual({ ok: true, id: 7, command: 'cancelCall', args: ['call-1'] });
  });

  it('answers bad JSON with the id it can still read', () => {
    const parsed = parseCommandFrame('{"id":12,"command":"halfClose","args":[');
    expect(parsed).toMatchObject({ ok: false, id: 12, error: { code: 'BAD_INPUT', message: 'frame is not valid JSON' } });
    expect(parseCommandFrame('garbage')).toMatchObject({ ok: false, id: null });
  });

  it('names the bad part of the frame', () => {
    expect(parseCommandFrame('[]')).toMatchObject({ ok: false, id: null, error: { message: 'frame: expected an object' } });
    expect(parseCommandFrame('{"id":-1,"command":"halfClose","args":["c"]}')).toMatchObject({
      ok: false,
      id: null,
      error: { message: 'frame.id: expected an integer >= 0' },
    });
    expect(parseCommandFrame('{"id":1,"command":"halfClose","args":"c"}')).toMatchObject({
      ok: false,
      id: 1,
      error: { message: 'frame.args: expected an array' },
    });
    expect(parseCommandFrame('{"id":2,"command":"halfClose","args":["c"],"x":1}')).toMatchObject({
      id: 2,
      error: { message: 'frame.x: unknown field' },
    });
  });

  it('validates the command and its arguments', () => {
    expect(parseCommandFrame('{"id":3,"command":"format","args":[]}')).toMatchObject({ id: 3, error: { message: 'unknown command "format"' } });
    expect(parseCommandFrame('{"id":4,"command":"halfClose","args":[5]}')).toMatchObject({
      id: 4,
      error: { message: 'args[0]: expected a non-empty string' },
    });
  });
});

describe('peekFrameId', () => {
  it('reads a leading id only', () => {
    expect(peekFrameId('{"id":42,"command":')).toBe(42);
    expect(peekFrameId(' { "id" : 0 }')).toBe(0);
    expect(peekFrameId('{"command":"x","id":1}')).toBeNull();
    expect(peekFrameId('{"id":1.5}')).toBeNull();
  });
});

describe('parseServerFrame', () => {
  it('reads responses, including a void success without value', () => {
    expect(parseServerFrame('{"id":1,"result":{"ok":true}}')).toEqual({ ok: true, value: { id: 1, result: { ok: true, value: undefined } } });
    expect(parseServerFrame('{"id":null,"result":{"ok":false,"error":{"code":"BAD_INPUT","message":"m"}}}')).toEqual({
      ok: true,
      value: { id: null, result: { ok: false, error: { code: 'BAD_INPUT', message: 'm' } } },
    });
  });

  it('refuses malformed errors and events', () => {
    const code = parseServerFrame('{"id":1,"result":{"ok":false,"error":{"code":"OOPS","message":"m"}}}');
    expect(!code.ok && code.error.message).toMatch(/^frame\.result\.error\.code: expected one of "OK"/);
    const event = parseServerFrame('{"event":{"type":"connectivity.changed","connectionId":"c","state":"ON"}}');
    expect(!event.ok && event.error.message).toMatch(/^event\.state: expected one of/);
    expect(parseServerFrame('{"id":"1","result":{"ok":true}}').ok).toBe(false);
    expect(parseServerFrame('nope').ok).toBe(false);
  });

  it('reads events', () => {
    const frame = parseServerFrame('{"event":{"type":"connectivity.changed","connectionId":"c","state":"READY"}}');
    expect(frame).toEqual({ ok: true, value: { event: { type: 'connectivity.changed', connectionId: 'c', state: 'READY' } } });
  });
});
