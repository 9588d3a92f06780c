import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, formatWhen } from './format';

describe('format', () => {
  it('formats bytes', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(3 * 1024 * 1024)]).toEqual(['512 B', '1.5 KiB', '3.0 MiB']);
  });

  it('formats durations', () => {
    expect([formatMs(undefined), formatMs(0.5), formatMs(12.34), formatMs(1500), formatMs(65_000)]).toEqual(['—', '0.50 ms', '12.3 ms', '1.500 s', '65.0 s']);
  });

  it('formats when a call happened: the clock today, the date and clock before', () => {
    const now = new Date(2026, 11, 5, 18, 0, 0);
    expect(formatWhen(new Date(2026, 11, 5, 9, 4, 7).toISOString(), now)).toBe('09:04:07');
    expect(formatWhen(new Date(2026, 11, 4, 23, 59, 59).toISOString(), now)).toBe('2026-12-04 23:59:59');
    expect(formatWhen('not a time', now)).toBe('not a time');
  });
});
