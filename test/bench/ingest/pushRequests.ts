import { Agent, request } from 'node:http';
import type { OutboxOp } from '../../../shared/sync/protocol';

/** One till's push requests, their bodies written before the clock starts. */
export type PushRequests = { token: string; bodies: Buffer[]; sizes: number[] };

/**
 * A till's batches as the JSON bodies it sends. Written ahead, as a load generator sends prepared
 * requests: writing them is the till's work, done on the till's own machine, and would otherwise
 * run on the server's event loop and heap inside the figure.
 */
export function pushRequests(
  till: { deviceId: string; installId: string; token: string; ops: readonly OutboxOp[] },
  batch: number,
): PushRequests {
  const bodies: Buffer[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < till.ops.length; i += batch) {
    const ops = till.ops.slice(i, i + batch);
    bodies.push(Buffer.from(JSON.stringify({ deviceId: till.deviceId, installId: till.installId, ops })));
    sizes.push(ops.length);
  }
  return { token: till.token, bodies, sizes };
}

/**
 * Sends a till's requests one after another, as the till does (the server takes one request of a
 * stream at a time), over one kept-alive connection with node:http, a lighter client than `fetch`;
 * throws unless every operation of each answer is `applied`.
 */
export async function sendPushes(base: string, till: PushRequests): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (const [i, body] of till.bodies.entries()) {
      const text = await post(`${base}/trpc/sync.push`, body, till.token, agent);
      const answer = JSON.parse(text) as { result?: { data: { results: { status: string }[] } } };
      const applied = answer.result?.data.results.filter((r) => r.status === 'applied').length ?? 0;
      if (applied !== till.sizes[i]) throw new Error(`batch ${i}: ${text.slice(0, 300)}`);
    }
  } finally {
    agent.destroy();
  }
}

function post(url: string, body: Buffer, token: string, agent: Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
