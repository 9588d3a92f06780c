import { describe, expect, it } from 'vitest';
import { failureOf } from '../../tests/kit/failure-of';
import { flagInteger, flagSeconds, flagString, parseArgs, type FlagSpec } from './parse-args';

const SPECS: FlagSpec[] = [
  { name: 'data', short: 'd', value: true, once: 'put every message in one -d' },
  { name: 'format', value: true },
  { name: 'max-time', value: true },
  { name: 'port', value: true },
];

const messageOf = (action: () => unknown) => failureOf(action).message;

describe('parseArgs', () => {
  it('refuses a second use of a flag that must be given once, in either spelling', () => {
    expect(messageOf(() => parseArgs(['-d', '{}', '--data={}'], SPECS, 'call'))).toBe('-d/--data is given twice, and only one is used; put every message in one -d');
  });

  it('keeps the last value of other flags, as Go and grpcurl do', () => {
    expect(flagString(parseArgs(['--format', 'json', '--format', 'ndjson'], SPECS, 'call'), 'format')).toBe('ndjson');
  });
});

describe('flagSeconds', () => {
  const seconds = (value: string) => flagSeconds(parseArgs(['--max-time', value], SPECS, 'call'), 'max-time');

  it('turns seconds into milliseconds', () => {
    expect(seconds('2.5')).toBe(2500);
    expect(seconds('2147483')).toBe(2_147_483_000);
  });

  it('refuses what a Node timer cannot hold, and what is not a duration', () => {
    expect(messageOf(() => seconds('2147484'))).toBe('--max-time 2147484 is too long: at most 2147483 seconds (about 24 days)');
    expect(messageOf(() => seconds('-1'))).toBe('--max-time expects a non-negative number, got "-1"');
    expect(messageOf(() => seconds('soon'))).toBe('--max-time expects a non-negative number, got "soon"');
  });
});

describe('flagInteger', () => {
  it('reads a whole number within its range, in either spelling', () => {
    expect(flagInteger(parseArgs(['--port', '8080'], SPECS, 'serve'), 'port', 0, 65535)).toBe(8080);
    expect(flagInteger(parseArgs(['--port=0'], SPECS, 'serve'), 'port', 0, 65535)).toBe(0);
    expect(flagInteger(parseArgs([], SPECS, 'serve'), 'port', 0, 65535)).toBeUndefined();
  });

  it.each(['70000', '-1', '8.5', 'x', ''])('refuses %j as BAD_INPUT naming the range', (text) => {
    const args = parseArgs(['--port', text], SPECS, 'serve');
    expect(failureOf(() => flagInteger(args, 'port', 0, 65535))).toEqual({ code: 'BAD_INPUT', message: `--port expects a whole number from 0 to 65535, got "${text}"` });
  });
});
