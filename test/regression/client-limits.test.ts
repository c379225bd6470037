import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_BATCH_CALLS,
  MAX_INSTALL_STREAMS_PER_DEVICE,
  MAX_OP_PAYLOAD_BYTES,
  MAX_QUARANTINED_OPS_PER_DEVICE,
  MAX_REQUEST_BODY_BYTES,
} from '../../shared/domain/limits';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { payloadHash, type OutboxOp } from '../../shared/sync/protocol';
import { createHttpServer } from '../../server/http';
import { count, makeSale, saleOp, setUpChain } from '../server/support/chain';
import { engines, openTestDb, skipEngine, type TestDb } from '../server/support/databases';
import { rawRequest } from '../server/support/rawHttp';

/**
 * Nothing bounded what one client could make the server read or keep: a body of any size, a batch
 * of any number of pushes (each with its 500 operations), a payload of any size, a new quarantined
 * copy for every repeat (the same 1 MB payload pushed 20 times grew the database by 23 MB), and
 * any number of install streams. Each is capped now (shared/domain/limits.ts).
 */
describe.each(engines)('limits on what one client sends, on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    let server: Server;
    let port: number;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
      server = createHttpServer({ db: t.db });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await t.dispose();
    });
    const auth = () => ({ authorization: `Bearer ${chain.tillA.token}`, 'content-type': 'application/json' });
    const pushOf = (ops: OutboxOp[], installId = uuidv7()) => ({
      deviceId: chain.tillA.deviceId,
      installId,
      ops,
    });

    it('answers 413 to a declared body over the limit before reading it', async () => {
      const answer = await rawRequest(
        port,
        `POST /trpc/sync.push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${MAX_REQUEST_BODY_BYTES + 1}\r\n\r\n{`,
      );
      expect(answer.status).toBe(413);
    });

    it('answers 413 to a chunked body once it passes the limit', async () => {
      const chunk = 'x'.repeat(1024 * 1024);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i <= MAX_REQUEST_BODY_BYTES / chunk.length; i++) {
            controller.enqueue(new TextEncoder().encode(chunk));
          }
          controller.close();
        },
      });
      const res = await fetch(`http://127.0.0.1:${port}/trpc/sync.push`, {
        method: 'POST',
        headers: auth(),
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
    });

    it('refuses a batch of two pushes and a batch of more calls than allowed', async () => {
      const two = await fetch(`http://127.0.0.1:${port}/trpc/sync.push,sync.push?batch=1`, {
        method: 'POST',
        headers: auth(),
        body: JSON.stringify({ 0: pushOf([saleOp(1)]), 1: pushOf([saleOp(1)]) }),
      });
      expect(two.status).toBe(400);
      const paths = Array.from({ length: MAX_BATCH_CALLS + 1 }, () => 'device.me').join(',');
      const many = await fetch(`http://127.0.0.1:${port}/trpc/${paths}?batch=1`, { headers: auth() });
      expect(many.status).toBe(400);
      expect(await count(t.db, 'sales')).toBe(0);
    });

    it('rejects an operation whose payload is over the size limit, and goes on', async () => {
      const sale = makeSale();
      const payload = { ...sale, padding: 'x'.repeat(MAX_OP_PAYLOAD_BYTES) };
      const big: OutboxOp = { ...saleOp(1, sale), payload, payloadHash: payloadHash(payload) };
      const installId = uuidv7();
      const out = await chain.tillA.caller.sync.push(pushOf([big, saleOp(2)], installId));
      expect(out.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
      expect(out.results[0]).toMatchObject({ reason: 'payload_too_large', quarantined: false });
    });

    it('keeps one quarantined copy of an operation pushed again and again, and counts the repeats', async () => {
      const installId = uuidv7();
      await chain.tillA.caller.sync.push(pushOf([saleOp(1)], installId));
      const sale = makeSale();
      const payload = { ...sale, padding: 'x'.repeat(1_000_000) };
      // Seat 1 is taken: every push of this one is refused and quarantined as `seq_reused`.
      const reused: OutboxOp = { ...saleOp(1, sale), payload, payloadHash: payloadHash(payload) };
      for (let i = 0; i < 20; i++) {
        const out = await chain.tillA.caller.sync.push(pushOf([reused], installId));
        expect(out.results[0]).toMatchObject({ status: 'rejected', reason: 'seq_reused', quarantined: true });
      }
      const rows = await t.db.kysely
        .selectFrom('quarantined_ops')
        .select(['times_seen', 'payload_bytes'])
        .execute();
      expect(rows).toHaveLength(1);
      expect(Number(rows[0]?.times_seen)).toBe(20);
      expect(Number(rows[0]?.payload_bytes)).toBeLessThan(1_100_000);
    });

    it('stops keeping quarantined copies past the per-device cap, says so, and counts it for HQ', async () => {
      const installId = uuidv7();
      await chain.tillA.caller.sync.push(pushOf([saleOp(1)], installId));
      // Each with a new op id at the taken seat 1: each a distinct quarantined operation.
      const refused = () => saleOp(1);
      for (let sent = 0; sent < MAX_QUARANTINED_OPS_PER_DEVICE; sent += 500) {
        await chain.tillA.caller.sync.push(pushOf(Array.from({ length: 500 }, refused), installId));
      }
      expect(await count(t.db, 'quarantined_ops')).toBe(MAX_QUARANTINED_OPS_PER_DEVICE);
      const over = await chain.tillA.caller.sync.push(pushOf([refused()], installId));
      expect(over.results[0]).toMatchObject({ status: 'rejected', reason: 'seq_reused', quarantined: false });
      expect(await count(t.db, 'quarantined_ops')).toBe(MAX_QUARANTINED_OPS_PER_DEVICE);
      const device = await t.db.kysely
        .selectFrom('devices')
        .select('limit_refusals')
        .where('id', '=', chain.tillA.deviceId)
        .executeTakeFirstOrThrow();
      expect(Number(device.limit_refusals)).toBe(1);
      // Another till's quarantine is its own.
      const other = await chain.tillB.caller.sync.push({
        deviceId: chain.tillB.deviceId,
        installId: uuidv7(),
        ops: [{ ...saleOp(1), payloadHash: 'f'.repeat(64) }],
      });
      expect(other.results[0]).toMatchObject({ reason: 'hash_mismatch', quarantined: true });
    });

    it('refuses a device more install streams than the cap, with a message, and counts it', async () => {
      for (let i = 0; i < MAX_INSTALL_STREAMS_PER_DEVICE; i++) {
        await chain.tillA.caller.sync.push(pushOf([saleOp(1)]));
      }
      await expect(chain.tillA.caller.sync.push(pushOf([saleOp(1)]))).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('enrol it again') as unknown,
      });
      expect(await count(t.db, 'device_streams')).toBe(MAX_INSTALL_STREAMS_PER_DEVICE);
      const device = await t.db.kysely
        .selectFrom('devices')
        .select('limit_refusals')
        .where('id', '=', chain.tillA.deviceId)
        .executeTakeFirstOrThrow();
      expect(Number(device.limit_refusals)).toBe(1);
    });
  });
});
