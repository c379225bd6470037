import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with the pushes that reach it. */
export type ProxyFaults = {
  /** The network is down: every request is cut off before it reaches a server. */
  down: boolean;
  /** The next push reaches the server, which records it; its answer never reaches the till. */
  loseNextAnswer: boolean;
  /** The next push goes to every server at once; the till hears only its own server's answer. */
  pushToAllNext: boolean;
};

/** An answer of the push that the till did receive, per operation. */
export type DeliveredAnswer = { opId: string; status: string };

const RECORDED = new Set(['applied', 'duplicate', 'rejected']);

/**
 * Stands between one till and the server processes. It forwards to the server the till is pointed
 * at (`upstream`), injects the faults it is told, and notes every push answer it delivers, so the
 * test knows exactly what the till was told is recorded.
 */
export async function startFaultProxy(options: {
  upstream: () => string;
  all: () => string[];
  onDelivered: (answers: DeliveredAnswer[]) => void;
}) {
  const faults: ProxyFaults = { down: false, loseNextAnswer: false, pushToAllNext: false };
  const pushListeners = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (faults.down) return req.socket.destroy();
        const isPush = req.url?.includes('sync.push') ?? false;
        const lose = isPush && faults.loseNextAnswer;
        const toAll = isPush && faults.pushToAllNext;
        if (lose) faults.loseNextAnswer = false;
        if (toAll) faults.pushToAllNext = false;
        if (isPush) for (const listener of pushListeners) listener();
        try {
          const own = options.upstream();
          const others = toAll ? options.all().filter((u) => u !== own) : [];
          const body = Buffer.concat(chunks);
          // The other servers' answers are dropped: only the one the till asked counts as told.
          for (const other of others) void forward(other, req, body).catch(() => undefined);
          const response = await forward(own, req, body);
          const text = await response.text();
          if (lose) return req.socket.destroy();
          if (isPush) options.onDelivered(deliveredAnswers(text));
          res
            .writeHead(response.status, {
              'content-type': response.headers.get('content-type') ?? 'application/json',
            })
            .end(text);
        } catch {
          // The server is gone (killed, restarting): the till sees a dropped connection.
          req.socket.destroy();
        }
      })();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    faults,
    /** Resolves when the next push reaches the proxy. */
    nextPush: () =>
      new Promise<void>((ok) => {
        const once = () => {
          pushListeners.delete(once);
          ok();
        };
        pushListeners.add(once);
      }),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

export type FaultProxy = Awaited<ReturnType<typeof startFaultProxy>>;

function forward(base: string, req: IncomingMessage, body: Buffer) {
  return fetch(base + (req.url ?? ''), {
    method: req.method,
    headers: Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection'),
    ) as Record<string, string>,
    ...(req.method === 'POST' ? { body: new Uint8Array(body) } : {}),
  });
}

/** The operations a push answer tells the till are recorded (applied, duplicate or rejected). */
function deliveredAnswers(text: string): DeliveredAnswer[] {
  try {
    const body = JSON.parse(text) as { result?: { data?: { results?: DeliveredAnswer[] } } };
    return (body.result?.data?.results ?? []).filter((r) => RECORDED.has(r.status));
  } catch {
    return [];
  }
}
