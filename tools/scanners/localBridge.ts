import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodablePath, guardServer, refuse as refuseWith, requestUrl } from '../../server/httpBoundary';
import type { ScanEvent, ScannerDeviceStatus } from '../../shared/ipc/scanner';
import type { ScannerManager } from '../../electron/hardware/deviceManager';

/**
 * The device manager over local HTTP, for the store app running in a plain browser where there
 * is no Electron IPC: the local launcher serves it on its own loopback port.
 *
 *   GET /local/scanner/events   Server-Sent Events: `status` per device on connect and on change,
 *                               `scan` per ScanEvent (its id as the SSE id)
 *   GET /local/scanner/devices  JSON ScannerSnapshot: device statuses and the last 20 scans
 *
 * Scans are what a cashier scans (loyalty cards included), so no header is trusted on its own:
 * - the connection itself must come from this machine (the socket's remote address is loopback),
 *   whatever the Host header says, so binding the host to 0.0.0.0 never opens the bridge to the LAN;
 * - the Host header must name loopback too, which stops DNS rebinding (a page on evil.example
 *   re-pointed at 127.0.0.1 still sends `Host: evil.example`);
 * - a request carrying an Origin must come from the store app's own origin (the page this same
 *   host served), so no other web page, not even one on another local port, can read it; a request
 *   other than GET must carry one.
 */

export type ScannerFeed = Pick<ScannerManager, 'on' | 'off' | 'snapshot'>;

export type ScannerBridgeOptions = {
  /** Which page origins may read; by default only the bridge's own origin (the store app's). */
  isAllowedOrigin?: (origin: string) => boolean;
  /** Comment lines that keep proxies and idle timeouts from closing the stream. */
  heartbeatMs?: number;
};

export type ScannerBridge = {
  /** Serves the request and returns true when it is one of the bridge's paths. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  /** Ends every open event stream (so the HTTP server can close). */
  close(): void;
};

const PREFIX = '/local/scanner/';
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * 127.0.0.0/8, ::1, and IPv4 loopback seen through an IPv6 socket (::ffff:127.x.y.z).
 *
 * @example isLoopbackAddress('::ffff:127.0.0.1') // true
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

function hostOf(value: string): string | undefined {
  try {
    return new URL(`http://${value}`).hostname;
  } catch {
    return undefined;
  }
}

function sseMessage(event: 'scan' | 'status', data: ScanEvent | ScannerDeviceStatus, id?: string): string {
  // JSON.stringify escapes GS, CR and LF inside `raw`, so each data line stays one line.
  return `event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`;
}

/** The origin a page served by this same host has: `http://` and the (loopback) Host header. */
const ownOrigin = (req: http.IncomingMessage) => (origin: string) =>
  origin === `http://${req.headers.host ?? ''}`;

export function createScannerBridge(feed: ScannerFeed, options: ScannerBridgeOptions = {}): ScannerBridge {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const streams = new Set<() => void>();

  const refuse = (res: http.ServerResponse, status: number, message: string): void => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
  };

  const openStream = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    cors: Record<string, string>,
  ): void => {
    res.writeHead(200, {
      ...cors,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    for (const status of feed.snapshot().devices) res.write(sseMessage('status', status));
    const onScan = (event: ScanEvent): void => void res.write(sseMessage('scan', event, event.id));
    const onStatus = (status: ScannerDeviceStatus): void => void res.write(sseMessage('status', status));
    feed.on('scan', onScan);
    feed.on('status', onStatus);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
    const end = (): void => {
      if (!streams.delete(end)) return;
      clearInterval(heartbeat);
      feed.off('scan', onScan);
      feed.off('status', onStatus);
      res.end();
    };
    streams.add(end);
    req.on('close', end);
    res.on('error', end);
  };

  return {
    handle(req, res) {
      const url = requestUrl(req);
      if (url === null || !url.pathname.startsWith(PREFIX)) return false;
      if (!isLoopbackAddress(req.socket.remoteAddress)) {
        refuse(res, 403, 'scanner bridge serves this machine only');
        return true;
      }
      const host = hostOf(req.headers.host ?? '');
      if (host === undefined || !LOOPBACK_HOSTS.has(host)) {
        refuse(res, 403, 'scanner bridge serves loopback hosts only');
        return true;
      }
      const origin = req.headers.origin;
      const isAllowedOrigin = options.isAllowedOrigin ?? ownOrigin(req);
      if (origin !== undefined ? !isAllowedOrigin(origin) : req.method !== 'GET' && req.method !== 'HEAD') {
        refuse(res, 403, 'origin not allowed');
        return true;
      }
      const cors: Record<string, string> =
        origin === undefined ? {} : { 'access-control-allow-origin': origin, vary: 'Origin' };
      if (req.method !== 'GET') {
        res.writeHead(405, { ...cors, allow: 'GET' }).end();
        return true;
      }
      switch (url.pathname) {
        case `${PREFIX}events`:
          openStream(req, res, cors);
          return true;
        case `${PREFIX}devices`:
          res
            .writeHead(200, {
              ...cors,
              'content-type': 'application/json; charset=utf-8',
              'cache-control': 'no-store',
            })
            .end(JSON.stringify(feed.snapshot()));
          return true;
        default:
          refuse(res, 404, 'unknown scanner bridge path');
          return true;
      }
    },
    close() {
      for (const end of [...streams]) end();
    },
  };
}

export type ScannerBridgeServer = { url: string; close(): Promise<void> };

/** The bridge on its own loopback port (port 0 picks a free one). */
export async function startScannerBridgeServer(
  feed: ScannerFeed,
  options: ScannerBridgeOptions & { host?: string; port?: number } = {},
): Promise<ScannerBridgeServer> {
  const bridge = createScannerBridge(feed, options);
  const server = guardServer(
    'scanner bridge',
    http.createServer((req, res) => {
      const url = requestUrl(req);
      if (url === null || !decodablePath(url)) refuseWith(res, 400, 'bad request target');
      else if (!bridge.handle(req, res)) res.writeHead(404).end();
    }),
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        bridge.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
