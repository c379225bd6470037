import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../server/http';
import { MAX_REQUEST_BODY_BYTES } from '../../shared/domain/limits';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { makeSale, saleOp, setUpChain } from './support/chain';
import { openTestDb, type TestDb } from './support/databases';

describe('compressed request bodies at /trpc', () => {
  let t: TestDb;
  let server: Server;
  let base: string;
  let chain: Awaited<ReturnType<typeof setUpChain>>;
  beforeEach(async () => {
    t = await openTestDb('sqlite');
    chain = await setUpChain(t.db);
    server = createHttpServer({ db: t.db });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.dispose();
  });

  const push = (body: Buffer | string, encoding: string | null) =>
    fetch(`${base}/trpc/sync.push`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${chain.tillA.token}`,
        ...(encoding === null ? {} : { 'content-encoding': encoding }),
      },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  const pushInput = (count: number) => ({
    deviceId: chain.tillA.deviceId,
    installId: uuidv7(),
    ops: Array.from({ length: count }, (_, i) => saleOp(i + 1, makeSale({}, [[12345, 1000]]))),
  });
  const salesRecorded = async () =>
    Number(
      (
        await t.db.kysely
          .selectFrom('sales')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('applies a gzip push as the same push in plain JSON, and says in every answer that it reads gzip', async () => {
    const input = pushInput(20);
    const json = JSON.stringify(input);
    const compressed = gzipSync(json);
    expect(compressed.length).toBeLessThan(json.length / 3);
    const res = await push(compressed, 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-encoding')).toBe('gzip');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/accept-encoding/i);
    const body = (await res.json()) as { result: { data: { results: { seq: number; status: string }[] } } };
    expect(body.result.data.results.map((r) => r.status)).toEqual(Array(20).fill('applied'));
    expect(await salesRecorded()).toBe(20);
    // The same operations again, uncompressed: the server holds them once.
    const again = (await (await push(json, null)).json()) as typeof body;
    expect(again.result.data.results.map((r) => r.status)).toEqual(Array(20).fill('duplicate'));
    expect(await salesRecorded()).toBe(20);
  });

  it('refuses with 413 a small body that would inflate past the body limit, and records nothing', async () => {
    const json = JSON.stringify(pushInput(1));
    const bomb = gzipSync(json + ' '.repeat(MAX_REQUEST_BODY_BYTES));
    expect(bomb.length).toBeLessThan(100_000);
    const res = await push(bomb, 'gzip');
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/once inflated/);
    expect(await salesRecorded()).toBe(0);
  });

  it('refuses a body that is not gzip with 400, and another coding with 415 naming gzip', async () => {
    const json = JSON.stringify(pushInput(1));
    const broken = gzipSync(json).subarray(0, 30);
    const notGzip = await push(broken, 'gzip');
    expect(notGzip.status).toBe(400);
    expect(await notGzip.text()).toMatch(/not valid gzip/);
    const brotli = await push(json, 'br');
    expect(brotli.status).toBe(415);
    expect(brotli.headers.get('accept-encoding')).toBe('gzip');
    expect(await salesRecorded()).toBe(0);
  });

  it('checks a gzip push with the same schema: bad input is a 400 with its zod issues', async () => {
    const res = await push(gzipSync(JSON.stringify({ deviceId: 'nope', ops: 'x' })), 'gzip');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { data: { zodIssues: { path: string[] }[] } } };
    expect(body.error.data.zodIssues.map((i) => i.path[0])).toEqual(
      expect.arrayContaining(['deviceId', 'installId', 'ops']),
    );
    expect(await salesRecorded()).toBe(0);
  });
});
