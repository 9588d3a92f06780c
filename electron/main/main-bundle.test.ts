import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureTrace } from '../engine/diagnostics/trace';
import { emptyReads } from '../engine/schema/cache-reads';
import { cacheChunks, entryBytes } from '../engine/schema/cached-schema';
import { loadProtoFiles, parseInputs } from '../engine/schema/load-proto-files';
import { openSchemaCache } from '../engine/schema/open-schema-cache';
import { workerParseThreads } from '../engine/schema/part-threads';
import { useParseThreads } from '../engine/schema/split-load';
import { writeFiles } from '../engine/testing/write-files';

const checkout = join(__dirname, '..', '..');
const built = (name: string) => join(checkout, 'dist', 'electron', name);

describe("the desktop main process's bundles (scripts/build-desktop.mjs)", () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(checkout, 'scripts', 'build-desktop.mjs')], { cwd: checkout });
  });

  // Electron cannot run here, so the order is checked in the built files: protobufjs keeps the tokenizer it
  // finds when it first loads.
  it("give protobufjs Ferry's tokenizer before anything requires protobufjs", () => {
    for (const name of ['main.cjs', 'schema-part-thread.cjs']) {
      const bundle = readFileSync(built(name), 'utf8');
      const install = bundle.indexOf('installProtoTokenizer(require);');
      const firstProtobufjs = bundle.search(/require\("protobufjs[/"]/);
      expect(install, name).toBeGreaterThan(0);
      expect(firstProtobufjs, name).toBeGreaterThan(install);
    }
  });

  it('gives the engine parse threads that run the parse thread bundle beside it', () => {
    const main = readFileSync(built('main.cjs'), 'utf8');
    expect(main).toMatch(/join\)\(__dirname, "schema-part-thread\.cjs"\)/);
    expect(main).toMatch(/useParseThreads\(workerParseThreads\(\{ path: \w+ \}\)\)/);
  });

  describe("the parse thread's bundle, run as the main process runs it (a worker thread)", () => {
    let dir: string;
    const traces: string[] = [];
    let restoreTrace: () => void;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'ferry-desktop-threads-'));
      restoreTrace = configureTrace({ setting: 'schema', sink: (line) => traces.push(line) });
    });
    afterAll(() => {
      useParseThreads(undefined);
      restoreTrace();
      rmSync(dir, { recursive: true, force: true });
    });

    it('parses its part, and the split load stores the entry one thread would', async () => {
      const files = writeFiles(dir, {
        'a/common.proto': 'syntax = "proto3";\npackage desk.common;\n// Money.\nmessage Money { string currency = 1; int64 cents = 2; }\n',
        'a/orders.proto': 'syntax = "proto3";\npackage desk.shop;\nimport "a/common.proto";\nmessage Order { desk.common.Money total = 1; }\nservice Orders { rpc Get(Order) returns (Order); }\n',
        'b/items.proto': 'syntax = "proto3";\npackage desk.shop;\nimport "a/common.proto";\nmessage Item { desk.common.Money price = 1; }\nservice Items { rpc Get(Item) returns (Item); }\n',
      });
      useParseThreads(workerParseThreads({ path: built('schema-part-thread.cjs') }, { FERRY_PARSE_THREADS: '2' }));
      const cache = openSchemaCache(join(dir, 'data'), { version: 'test' })!;
      const source = { files, importPaths: [dir] };
      const registry = await loadProtoFiles(source, { cache });
      expect(traces.some((line) => line.includes('parsed in 2 threads'))).toBe(true);
      const whole = parseInputs(files, [dir], emptyReads(false)).registry;
      expect(registry.listServices()).toEqual(whole.listServices());
      const stored = cache.lookup({ kind: 'proto-files', ...source, cwd: process.cwd() })!;
      expect(stored.toString('latin1')).toBe(entryBytes(cacheChunks(whole.root, whole.listServices())).toString('latin1'));
    });
  });
});
