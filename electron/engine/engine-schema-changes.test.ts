import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { SchemaSource } from '../../shared/model';
import { unwrap } from '../../shared/errors';
import { createEngine, type Engine } from './create-engine';
import { configureTrace } from './diagnostics/trace';
import { openSchemaCache } from './schema';
import { makeBenchDescriptorSet } from './testing/bench-descriptor-set';
import { startBenchServer, type BenchServer } from './testing/bench-server';
import { writeFiles } from './testing/write-files';
import { tempDir } from '../../tests/kit/temp-dir';

const MONEY = 'syntax = "proto3";\npackage acme.common;\nmessage Money { int64 units = 1; }\n';
const SHOP = 'syntax = "proto3";\npackage acme.shop;\nimport "acme/common/money.proto";\nservice Shop { rpc Price(acme.common.Money) returns (acme.common.Money); }\n';

/** A folder of the user's own .proto files (`api/`), importing one from an import path (`vendor/`). */
function makeProtos(): { root: string; api: string; money: string; shop: string } {
  const root = tempDir('ferry-schema-changes-');
  const [money, shop] = writeFiles(root, { 'vendor/acme/common/money.proto': MONEY, 'api/acme/shop/shop.proto': SHOP });
  return { root, api: join(root, 'api'), money: money!, shop: shop! };
}

describe('schemaChanges: the files a connection\'s schema was read from that changed on disk since', () => {
  let engine: Engine;
  let server: BenchServer;
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());
  afterEach(() => engine?.dispose());

  async function open(source: SchemaSource): Promise<string> {
    return unwrap(await engine.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: source })).connectionId;
  }
  const changes = async (connectionId: string) => unwrap(await engine.schemaChanges(connectionId));
  /**
   * Linux stamps files from a clock that moves a tick at a time (up to 10 ms), so a write right after a quick
   * load can carry a time from before it; a user's edit comes seconds later.
   */
  const pastClockTick = () => new Promise((resolve) => setTimeout(resolve, 30));

  for (const cached of [false, true]) {
    it(`names an edited import, a file new in a given folder and a removed one, and none once reloaded (${cached ? 'a cache hit' : 'parsed'})`, async () => {
      const protos = makeProtos();
      let hits = 0;
      onTestFinished(configureTrace({ setting: 'schema', sink: (line) => void (hits += line.includes('schema cache hit') ? 1 : 0) }));
      engine = createEngine({ schemaCache: cached ? openSchemaCache(join(protos.root, 'data'), { version: 'test' })! : null });
      const source: SchemaSource = { kind: 'proto-files', files: [protos.api], importPaths: [join(protos.root, 'vendor'), protos.api] };
      if (cached) await open(source); // stores the schema, so the next load is a hit
      const id = await open(source);
      expect(hits).toBe(cached ? 1 : 0);
      expect(await changes(id)).toEqual([]);
      await pastClockTick();

      writeFileSync(protos.money, MONEY.replace('int64 units = 1;', 'int64 units = 1; int32 nanos = 2;'));
      expect(await changes(id)).toEqual([protos.money]);
      const added = join(protos.api, 'acme', 'shop', 'stock.proto');
      writeFileSync(added, 'syntax = "proto3";\npackage acme.shop;\nmessage Level { int32 units = 1; }\n');
      rmSync(protos.shop);
      expect(await changes(id)).toEqual([protos.money, protos.shop, added].sort());

      unwrap(await engine.reloadSchema(id));
      expect(await changes(id)).toEqual([]);
      // The reload read the folder as it is now: stock.proto, which imports nothing.
      await pastClockTick();
      writeFileSync(protos.money, MONEY);
      writeFileSync(added, 'syntax = "proto3";\npackage acme.shop;\nmessage Level { int64 units = 1; }\n');
      expect(await changes(id)).toEqual([added]);
    });
  }

  it('names a descriptor set written again, and says nothing for a schema from reflection', async () => {
    const dir = tempDir('ferry-schema-changes-set-');
    const set = join(dir, 'bench.protoset');
    writeFileSync(set, makeBenchDescriptorSet());
    engine = createEngine({ schemaCache: null });
    const fromSet = await open({ kind: 'descriptor-set', files: [set] });
    const fromServer = await open({ kind: 'reflection' });
    expect(await changes(fromSet)).toEqual([]);
    await pastClockTick();
    writeFileSync(set, makeBenchDescriptorSet());
    expect(await changes(fromSet)).toEqual([set]);
    expect(await changes(fromServer)).toEqual([]);
  });

  it('counts a given folder that is now empty as changed itself', async () => {
    const protos = makeProtos();
    engine = createEngine({ schemaCache: null });
    const id = await open({ kind: 'proto-files', files: [protos.api], importPaths: [join(protos.root, 'vendor')] });
    await pastClockTick();
    rmSync(protos.shop);
    expect(await changes(id)).toEqual([protos.api, protos.shop].sort());
  });
});
