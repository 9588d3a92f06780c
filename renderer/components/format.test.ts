import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs } from './format';

describe('format', () => {
  it('formats bytes', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(3 * 1024 * 1024)]).toEqual(['512 B', '1.5 KiB', '3.0 MiB']);
  });

  it('formats durations', () => {
    expect([formatMs(undefined), formatMs(0.5), formatMs(12.34), formatMs(1500), formatMs(65_000)]).toEqual(['—', '0.50 ms', '12.3 ms', '1.500 s', '65.0 s']);
  });
});
