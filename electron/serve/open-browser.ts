import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The platform's "open this" command: `open` on macOS, `start` through cmd on Windows, else xdg-open. */
export function browserCommand(target: string, platform: NodeJS.Platform = process.platform): { file: string; args: string[] } {
  if (platform === 'darwin') return { file: 'open', args: [target] };
  // `start` is a cmd built-in; its first quoted argument is the window title, hence the empty one.
  if (platform === 'win32') return { file: 'cmd', args: ['/c', 'start', '""', target] };
  return { file: 'xdg-open', args: [target] };
}

/**
 * Opens `target` (a URL or a file) with the system opener, detached. Resolves false when none could be
 * started (a headless machine without xdg-open): the URL is printed anyway, so that is not an error.
 */
export function openBrowser(target: string): Promise<boolean> {
  const { file, args } = browserCommand(target);
  return new Promise((resolve) => {
    try {
      const child = spawn(file, args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: process.platform === 'win32' });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A page that forwards to `url`, in a folder only this user can read. The browser is pointed at this
 * file rather than the URL because a command line is visible to every user in the process list, and
 * the token in the URL is what keeps other users out (Jupyter does the same).
 */
export async function writeLauncherPage(url: string): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-open-'));
  const path = join(dir, 'open-ferry.html');
  const href = escapeHtml(url);
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}">` +
    `<title>Opening Ferry…</title></head><body><a href="${href}">Open Ferry</a></body></html>\n`;
  await writeFile(path, html, { mode: 0o600 });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
