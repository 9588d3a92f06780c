import { describe, expect, it } from 'vitest';
import { appendLines, base64Of, ownPathsOf, pickRootOf, relativeNameOf, stagedFilesOf, type PickedFile } from './picked-files';

const file = (name: string, text: string, webkitRelativePath = ''): PickedFile => ({
  name,
  webkitRelativePath,
  arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
});

describe('picked files', () => {
  it('encodes bytes as base64, past one chunk, so that atob gives them back', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) % 256);
    const decoded = Uint8Array.from(atob(base64Of(bytes)), (c) => c.charCodeAt(0));
    expect(decoded).toEqual(bytes);
    expect(base64Of(new TextEncoder().encode('syntax'))).toBe('c3ludGF4');
    expect(base64Of(new Uint8Array())).toBe('');
  });

  it('names a folder pick below the chosen folder, and a file pick by its name', () => {
    expect(relativeNameOf(file('b.proto', '', 'protos/acme/b.proto'))).toBe('acme/b.proto');
    expect(relativeNameOf(file('a.proto', ''))).toBe('a.proto');
  });

  it('stages each file under that name with its bytes', async () => {
    expect(await stagedFilesOf([file('a.proto', 'syntax', 'protos/x/a.proto')])).toEqual([{ name: 'x/a.proto', contentBase64: 'c3ludGF4' }]);
  });

  it('finds the folder to import from: the chosen folder, or the files’ own folder', () => {
    const folderPick = [file('a.proto', '', 'protos/a.proto'), file('b.proto', '', 'protos/acme/b.proto')];
    expect(pickRootOf(['/tmp/s/1/a.proto', '/tmp/s/1/acme/b.proto'], folderPick)).toBe('/tmp/s/1');
    expect(pickRootOf(['/home/me/api/a.proto', '/home/me/api/b.proto'], [file('a.proto', ''), file('b.proto', '')])).toBe('/home/me/api');
    expect(pickRootOf(['/x/a.proto', '/y/b.proto'], [file('a.proto', ''), file('b.proto', '')])).toBeUndefined();
  });

  it('adds the chosen folder itself for a folder pick with the files’ own paths, and each file for a file pick', () => {
    const folderPick = [file('a.proto', '', 'protos/a.proto'), file('b.proto', '', 'protos/acme/b.proto')];
    expect(ownPathsOf(['/home/me/protos/a.proto', '/home/me/protos/acme/b.proto'], folderPick, true)).toEqual({ paths: ['/home/me/protos'], root: '/home/me/protos' });
    const filePick = [file('a.proto', ''), file('b.proto', '')];
    expect(ownPathsOf(['/home/me/api/a.proto', '/home/me/api/b.proto'], filePick, false)).toEqual({ paths: ['/home/me/api/a.proto', '/home/me/api/b.proto'], root: '/home/me/api' });
    // Paths that do not end in the picked names give no folder: each file is added as it is.
    expect(ownPathsOf(['/x/a.proto', '/y/b.proto'], folderPick, true)).toEqual({ paths: ['/x/a.proto', '/y/b.proto'], root: undefined });
  });

  it('appends paths to a one-per-line box without repeating one', () => {
    expect(appendLines('/a.proto\n\n', ['/b.proto', '/a.proto'])).toBe('/a.proto\n/b.proto');
    expect(appendLines('', ['/c.pem'])).toBe('/c.pem');
  });
});
