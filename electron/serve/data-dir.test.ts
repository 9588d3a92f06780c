import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './data-dir';

describe('defaultDataDir', () => {
  it('prefers XDG_DATA_HOME, then the platform default', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux', '/home/u')).toBe(join('/x', 'ferry'));
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe(join('/home/u', '.local', 'share', 'ferry'));
    expect(defaultDataDir({}, 'darwin', '/Users/u')).toBe(join('/Users/u', 'Library', 'Application Support', 'ferry'));
  });
});
