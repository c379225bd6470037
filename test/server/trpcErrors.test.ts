import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../server/http';
import type { AppRouter } from '../../server/trpc/routers/app';
import { isUnauthorized } from '../../renderer/hq/hqClient';
import { openTestDb, type TestDb } from './support/databases';

describe('errors a client of the API reads', () => {
  let t: TestDb;
  let server: Server;
  let url: string;
  beforeEach(async () => {
    t = await openTestDb('sqlite');
    server = createHttpServer({ db: t.db });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.dispose();
  });

  it('names each wrong input field as path: message, like every other validation error', async () => {
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url })] });
    const error = await client.device.enroll.mutate({ code: 'x', name: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const { message, data } = error as TRPCClientError<AppRouter>;
    expect(data?.code).toBe('BAD_REQUEST');
    expect(message.split('\n')).toEqual([
      expect.stringMatching(/^code: .*4/),
      expect.stringMatching(/^name: .*1/),
    ]);
  });

  it('keeps the refusal of a well-formed request in words a cashier can act on', async () => {
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url })] });
    const error = await client.device.enroll
      .mutate({ code: 'ZZZZ-ZZZZ', name: 'Till 1' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: 'This enrolment code does not exist. Check it, or ask HQ for a new one.',
      data: { code: 'NOT_FOUND' },
    });
  });

  it('lets the HQ pages tell a missing sign-in from any other failure', async () => {
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url })] });
    const signedOut = await client.hq.me.query().catch((e: unknown) => e);
    expect(isUnauthorized(signedOut)).toBe(true);
    const refused = await client.device.enroll
      .mutate({ code: 'ZZZZ-ZZZZ', name: 'Till 1' })
      .catch((e: unknown) => e);
    expect(isUnauthorized(refused)).toBe(false);
    expect(isUnauthorized(new Error('UNAUTHORIZED'))).toBe(false);
  });
});
