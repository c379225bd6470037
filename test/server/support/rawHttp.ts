import net from 'node:net';

export type RawAnswer = { status: number | null; head: string };

/**
 * Sends bytes as they are over a plain TCP connection and reads the status line of the answer:
 * fetch and node:http normalise paths and refuse bad headers, and a hostile client does neither.
 * `status` is null when the connection closed without an answer.
 */
export function rawRequest(
  port: number,
  bytes: string | Buffer,
  options: { host?: string; localAddress?: string; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect({
      port,
      host: options.host ?? '127.0.0.1',
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    let received = '';
    const finish = () => {
      socket.destroy();
      const head = received.split('\r\n\r\n', 1)[0] ?? '';
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      resolve({ status: match ? Number(match[1]) : null, head });
    };
    socket.setTimeout(options.timeoutMs ?? 5000, finish);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
  });
}

/** `GET <target>` with a Host header and nothing else of note. */
export const rawGet = (port: number, target: string, host = '127.0.0.1') =>
  rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
