import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where `ferry serve` keeps app data (call history): `$XDG_DATA_HOME/ferry`, else the platform's usual
 * place. Never a workspace folder: history holds responses, which do not belong in git.
 */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>> = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'ferry');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'ferry');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'ferry');
  return join(home, '.local', 'share', 'ferry');
}
