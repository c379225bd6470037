import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { genericBodySchema } from '../../server/ingest/adapters/generic';
import { processInbox } from '../../server/ingest/worker';
import { ensureDemoConnections } from '../../server/seed/demoConnections';
import { seedDemo } from '../../server/seed/seedDemo';
import { parseJsonText } from '../../shared/validation';
import { openTestDb, type TestDb } from '../server/support/databases';
import { startIngestServer } from '../server/support/webshop';

const doc = readFileSync(resolve(import.meta.dirname, '../../docs/webshop-ingestion.md'), 'utf8');

/** The fenced block right after an HTML comment marker in the document. */
function blockAfter(marker: string, language: string): string {
  const at = doc.indexOf(`<!-- ${marker} -->`);
  if (at < 0) throw new Error(`marker ${marker} not found`);
  const open = doc.indexOf(`\`\`\`${language}\n`, at);
  const close = doc.indexOf('\n```', open + 1);
  return doc.slice(open + language.length + 4, close + 1);
}

describe('the generic webhook example in docs/webshop-ingestion.md', () => {
  let t: TestDb;
  afterEach(() => t.dispose());

  it('is a valid order, and the documented curl command delivers it to the demo chain', async () => {
    const example = blockAfter('generic-order-example', 'json');
    const parsed = parseJsonText(genericBodySchema, example);
    expect(parsed.ok ? null : parsed.error).toBeNull();

    t = await openTestDb('sqlite');
    await seedDemo(t.db, t.dataDir, { products: 20, customers: 5 });
    const secret = 'demo-webhook-secret-for-the-docs';
    const shops = await ensureDemoConnections(t.db, secret);
    expect(shops.map((s) => s.path)).toContain('/ingest/generic/demo-generic');
    const http = await startIngestServer(t.db);
    try {
      writeFileSync(join(t.dataDir, 'order.json'), `${example}\n`);
      // Asynchronously: the server answering curl runs in this process.
      const { stdout } = await promisify(execFile)('bash', ['-euc', blockAfter('generic-order-curl', 'sh')], {
        cwd: t.dataDir,
        env: { ...process.env, OMNITILL: http.base, SECRET: secret },
        encoding: 'utf8',
      });
      expect(JSON.parse(stdout)).toEqual({ ok: true, duplicate: false });
    } finally {
      await http.close();
    }
    expect(await processInbox(t.db)).toBe(1);
    const part = await t.db.kysely
      .selectFrom('pickup_parts')
      .innerJoin('stores', 'stores.id', 'pickup_parts.store_id')
      .select(['stores.code', 'pickup_parts.status', 'pickup_parts.total_minor'])
      .executeTakeFirstOrThrow();
    expect(part).toEqual({ code: 'MSK-01', status: 'awaiting', total_minor: 27970 });
  });
});
