import { describe, expect, it } from 'vitest';
import type { Capture, CaptureResult } from '../../shared/model';
import { captureResultFor, defaultCapture, isVariableName, mergeCaptured, SET_BY_HAND, shownCapturedValue, withValueSetByHand, type CapturedValue } from './captures';

const capture = (variable: string, secret = false): Capture => ({ variable, from: 'jsonPath', path: `$.${variable}`, secret });

describe('captured values', () => {
  it('replace values of the same name, add new ones, and drop a name whose capture found nothing', () => {
    const current: CapturedValue[] = [
      { name: 'orderId', value: 'o-1', secret: false, from: 'Create' },
      { name: 'cursor', value: 'c-1', secret: false, from: 'List' },
      { name: 'kept', value: 1, secret: false, from: 'Other' },
    ];
    const results: CaptureResult[] = [
      { capture: capture('orderId'), value: 'o-2' },
      { capture: capture('cursor'), failure: 'nothing at $.cursor' },
      { capture: capture('token', true), value: 't' },
    ];
    expect(mergeCaptured(current, results, 'Again')).toEqual([
      { name: 'kept', value: 1, secret: false, from: 'Other' },
      { name: 'orderId', value: 'o-2', secret: false, from: 'Again' },
      { name: 'token', value: 't', secret: true, from: 'Again' },
    ]);
  });

  it('show a secret as ***, text as itself and anything else as JSON', () => {
    expect([shownCapturedValue('t', true), shownCapturedValue('o-1', false), shownCapturedValue(['a'], false), shownCapturedValue(7, false)]).toEqual(['***', 'o-1', '["a"]', '7']);
  });

  it('name a new capture apart from the others, and take only names environments take', () => {
    expect(defaultCapture([capture('value1'), capture('value3')]).variable).toBe('value4');
    expect(defaultCapture([capture('value3'), capture('value4')]).variable).toBe('value5');
    expect(['orderId', 'a.b-c_d', '_x'].every(isVariableName)).toBe(true);
    expect(['', '2nd', 'a b', '$uuid'].some(isVariableName)).toBe(false);
  });

  it('show a result only beside the capture that was taken', () => {
    const check = { callId: 'c', results: { status: 'ok' as const, value: [{ capture: capture('id'), value: 1 }] } };
    expect(captureResultFor(check, 0, capture('id'))).toMatchObject({ value: 1 });
    expect(captureResultFor(check, 0, capture('other'))).toBeUndefined();
    // A value the engine took as secret (it holds a secret of its call) is still this capture's.
    const secret = { callId: 'c', results: { status: 'ok' as const, value: [{ capture: { ...capture('id'), secret: true }, value: 'Bearer t' }] } };
    expect(captureResultFor(secret, 0, capture('id'))).toMatchObject({ value: 'Bearer t', capture: { secret: true } });
  });
});

describe('page variables set by hand', () => {
  it('replace a value of the same name, and refuse a name no variable can have', () => {
    const current = [{ name: 'token', value: 'old', secret: false, from: 'Login' }];
    expect(withValueSetByHand(current, 'token', 'pasted', true)).toEqual([{ name: 'token', value: 'pasted', secret: true, from: SET_BY_HAND }]);
    expect(withValueSetByHand(current, '2nd', 1, false)).toMatch(/"2nd" is not a variable name/);
  });
});
