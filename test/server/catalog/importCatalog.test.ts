import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../../server/db/connect';
import { readCatalogFile } from '../../../server/catalog/catalogFile';
import { importCatalog } from '../../../server/catalog/importCatalog';
import { gs1CheckDigit } from '../../../shared/barcode';
import { productRowSchema } from '../../../shared/sync/protocol';
import { setUpChain } from '../support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { pullTopic } from '../support/webshop';

const ean13 = (body12: string) => body12 + gs1CheckDigit(body12);
const TEA = ean13('460123456789');
const MUG = ean13('460765432101');
const root = resolve(import.meta.dirname, '../../..');

const items = (csv: string) => {
  const read = readCatalogFile(csv);
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.items;
};

describe.each(engines)('loading the catalog on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('adds and changes products, and a till pulls exactly what changed', async () => {
      t = await openTestDb(engine);
      const chain = await setUpChain(t.db);
      const first = await importCatalog(
        t.db,
        items(`gtin,name,price,vat\n${TEA},Tea,89.90,20\n${MUG},Mug,350,\n`),
      );
      expect(first).toEqual({ added: 2, changed: 0, unchanged: 0 });
      const pulled = (await pullTopic(chain.tillA.caller, 'product', 2)).map((c) =>
        productRowSchema.parse(c.data),
      );
      expect(
        pulled.map(({ gtin, name, priceMinor, vatRateBp }) => ({ gtin, name, priceMinor, vatRateBp })),
      ).toEqual([
        { gtin: TEA, name: 'Tea', priceMinor: 8990, vatRateBp: 2000 },
        { gtin: MUG, name: 'Mug', priceMinor: 35000, vatRateBp: undefined },
      ]);

      // A new price for the tea, the mug as it was: one change, under the tea's own id.
      const second = await importCatalog(
        t.db,
        items(`gtin,name,price,vat\n${TEA},Tea,94.90,20\n${MUG},Mug,350,\n`),
      );
      expect(second).toEqual({ added: 0, changed: 1, unchanged: 1 });
      const changes = await pullTopic(chain.tillA.caller, 'product', 3);
      expect(changes).toHaveLength(3);
      expect(changes[2]!.id).toBe(changes[0]!.id);
      expect(productRowSchema.parse(changes[2]!.data)).toMatchObject({ gtin: TEA, priceMinor: 9490 });
      const stored = await t.db.kysely
        .selectFrom('products')
        .select(['gtin', 'price_minor'])
        .orderBy('gtin')
        .execute();
      expect(stored).toEqual(
        [
          { gtin: TEA, price_minor: 9490 },
          { gtin: MUG, price_minor: 35000 },
        ].sort((a, b) => a.gtin.localeCompare(b.gtin)),
      );
    });

    it('marks products sold only by their code; a file without the column leaves the marking as it was', async () => {
      t = await openTestDb(engine);
      const chain = await setUpChain(t.db);
      await importCatalog(t.db, items(`gtin,name,price,marked\n${TEA},Tea,89.90,no\n${MUG},Mug,350,yes\n`));
      const marked = async () =>
        Object.fromEntries(
          (await pullTopic(chain.tillA.caller, 'product', 2)).map((c) => {
            const row = productRowSchema.parse(c.data);
            return [row.gtin, row.marked ?? false];
          }),
        );
      expect(await marked()).toEqual({ [TEA]: false, [MUG]: true });
      // A price list without the column: the mug stays marked.
      expect(await importCatalog(t.db, items(`gtin,name,price\n${TEA},Tea,89.90\n${MUG},Mug,390\n`))).toEqual(
        {
          added: 0,
          changed: 1,
          unchanged: 1,
        },
      );
      expect(await marked()).toEqual({ [TEA]: false, [MUG]: true });
      // Saying no unmarks it.
      await importCatalog(t.db, items(`gtin,name,price,marked\n${MUG},Mug,390,no\n`));
      expect(await marked()).toEqual({ [TEA]: false, [MUG]: false });
      const stored = await t.db.kysely
        .selectFrom('products')
        .select('marked')
        .where('gtin', '=', MUG)
        .execute();
      expect(stored.map((p) => Number(p.marked))).toEqual([0]);
    });

    it('counts a dry run and changes nothing', async () => {
      t = await openTestDb(engine);
      await importCatalog(t.db, items(`gtin,name,price\n${TEA},Tea,89.90\n`));
      const counted = await importCatalog(
        t.db,
        items(`gtin,name,price\n${TEA},Green tea,89.90\n${MUG},Mug,350\n`),
        {
          dryRun: true,
        },
      );
      expect(counted).toEqual({ added: 1, changed: 1, unchanged: 0 });
      expect(await t.db.kysely.selectFrom('products').select(['gtin', 'name']).execute()).toEqual([
        { gtin: TEA, name: 'Tea' },
      ]);
      const log = await t.db.kysely
        .selectFrom('change_log')
        .select('entity_id')
        .where('topic', '=', 'product')
        .execute();
      expect(log).toHaveLength(1);
    });
  });
});

describe('npm run catalog', () => {
  const run = (dataDir: string, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server/catalog/cli.ts'), ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      encoding: 'utf8',
    });

  it('loads a file, says what it did, and refuses a bad one whole with its lines named', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'omnitill-catalog-'));
    const good = join(dataDir, 'catalog.csv');
    writeFileSync(good, `gtin;name;price;vat\n${TEA};Чай;89,90;20\n${MUG};Кружка;350;10\n`);
    const loaded = run(dataDir, 'import', good);
    expect(loaded.stderr).toBe('');
    expect(loaded.status).toBe(0);
    expect(loaded.stdout).toContain('Loaded 2 products from');
    expect(loaded.stdout).toContain('2 new, 0 changed, 0 unchanged');

    const one = join(dataDir, 'one.csv');
    writeFileSync(one, `gtin,name,price\n${TEA},Чай зелёный,99.90\n`);
    const dry = run(dataDir, 'import', one, '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('Would load 1 product from');
    expect(dry.stdout).toContain('0 new, 1 changed, 0 unchanged');

    const bad = join(dataDir, 'bad.csv');
    writeFileSync(bad, `gtin,name,price\n${TEA},Tea,free\n${MUG},Mug,10\n`);
    const refused = run(dataDir, 'import', bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('nothing was loaded');
    expect(refused.stderr).toContain('line 2: price:');
    expect(run(dataDir, 'import').status).toBe(2);
    expect(run(dataDir, 'import', join(dataDir, 'missing.csv')).stderr).toContain('No such file');

    const db = connect({ dialect: 'sqlite', dataDir });
    try {
      expect(
        await db.kysely.selectFrom('products').select(['name', 'price_minor']).orderBy('name').execute(),
      ).toEqual([
        { name: 'Кружка', price_minor: 35000 },
        { name: 'Чай', price_minor: 8990 },
      ]);
    } finally {
      await db.close();
    }
  }, 60_000);
});
