/**
 * Preloaded (`node -r`) into a process the benchmark measures from outside, such as the `ferry` CLI: on exit
 * it writes the process's peak resident set size, in bytes, to the file named by FERRY_BENCH_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.FERRY_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
