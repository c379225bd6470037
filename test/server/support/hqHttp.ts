import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashPassword } from '../../../server/auth/secrets';
import type { Db } from '../../../server/db/connect';
import { readEnv } from '../../../server/env';
import { createHttpServer } from '../../../server/http';
import { MAX_BATCH_CALLS } from '../../../shared/domain/limits';
import { uuidv7 } from '../../../shared/domain/uuidv7';

export type HqHttp = {
  base: string;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string, input?: unknown, headers?: Record<string, string>): Promise<Response>;
  /**
   * Batched requests calling `procedure` once per input, as full as the server allows
   * (MAX_BATCH_CALLS per request), one after another; the answers in input order.
   */
  batch(procedure: string, inputs: unknown[], headers?: Record<string, string>): Promise<BatchAnswer>;
  close(): Promise<void>;
};

export type BatchAnswer = { status: number; retryAfter: string | null; codes: string[] };

/** The real HTTP server on a free port, configured from environment variables as at start-up. */
export async function startHqHttp(db: Db, env: Record<string, string> = {}): Promise<HqHttp> {
  const settings = readEnv(env);
  const server: Server = createHttpServer({ db, hqOrigins: settings.hqOrigins, security: settings.security });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    base,
    post,
    get: (path, input, headers = {}) =>
      fetch(
        `${base}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
        { headers },
      ),
    batch: async (procedure, inputs, headers = {}) => {
      const answer: BatchAnswer = { status: 200, retryAfter: null, codes: [] };
      for (let from = 0; from < inputs.length; from += MAX_BATCH_CALLS) {
        const chunk = inputs.slice(from, from + MAX_BATCH_CALLS);
        const body = Object.fromEntries(chunk.map((input, i) => [String(i), input]));
        const res = await post(`${Array(chunk.length).fill(procedure).join(',')}?batch=1`, body, headers);
        const answers = (await res.json()) as { error?: { data?: { code?: string } } }[];
        answer.status = res.status;
        answer.retryAfter = res.headers.get('retry-after') ?? answer.retryAfter;
        answer.codes.push(...answers.map((a) => a.error?.data?.code ?? 'OK'));
      }
      return answer;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export async function addHqUser(
  db: Db,
  email: string,
  password: string,
  role: 'admin' | 'analyst' | 'store_manager' = 'admin',
): Promise<void> {
  await db.kysely
    .insertInto('hq_users')
    .values({
      id: uuidv7(),
      email,
      name: email.split('@')[0] ?? email,
      role,
      password_hash: await hashPassword(password),
      created_at: new Date().toISOString(),
    })
    .execute();
}

/** The `name=value` part of a login answer's Set-Cookie, to send back as a browser would. */
export function cookieOf(res: Response): string {
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

export function count(codes: string[], code: string): number {
  return codes.filter((c) => c === code).length;
}
