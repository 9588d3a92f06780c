/** Where the benches' own files are, found from the checkout root (bench scripts run bundled from build/bench/). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function checkoutRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no Ferry checkout above ${from}`);
  }
}

export const benchProtoRoot = (): string => join(checkoutRoot(), 'bench', 'protos');
