/**
 * Vitest global setup: CLI tests run the real `ferry` binary (bin/ferry.js loads dist/cli/), so the bundle
 * is built from the sources under test first; otherwise a test run without `npm run build` would test
 * whatever was built last.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function buildCli(): void {
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build-cli.mjs')], { cwd: join(__dirname, '..', '..'), stdio: 'inherit' });
}
