import { describe, expect, it } from 'vitest';
import { ioReason } from './io-reason';

/** An error as Node's fs functions throw them: a message, and the system's code. */
const systemError = (code: string) => Object.assign(new Error(`${code}: something failed, open '/x'`), { code });

describe('ioReason', () => {
  it('says in words why a file could not be read or written', () => {
    expect(ioReason(systemError('ENOENT'))).toBe('no such file');
    expect(ioReason(systemError('EISDIR'))).toBe('it is a directory');
    expect(ioReason(systemError('EACCES'))).toBe('permission denied');
  });

  it('keeps a code it has no words for, and a message when there is no code', () => {
    expect(ioReason(systemError('EWEIRD'))).toBe('EWEIRD');
    expect(ioReason(new Error('disk on fire'))).toBe('disk on fire');
    expect(ioReason('plain')).toBe('plain');
  });
});
