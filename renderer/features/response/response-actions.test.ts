import { describe, expect, it } from 'vitest';
import { responseFileName } from './response-actions';

describe('responseFileName', () => {
  it('names the file after the method, with nothing a file system might refuse', () => {
    expect(responseFileName('ferry.testing.v1.Bench.Echo')).toBe('Echo-response.json');
    expect(responseFileName('pkg.Svc/Get Thing')).toBe('Get_Thing-response.json');
    expect(responseFileName(undefined)).toBe('response.json');
  });
});
