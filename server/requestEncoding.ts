import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzip } from 'node:zlib';
import { refuse } from './httpBoundary';

/**
 * What `/trpc` accepts in `Content-Encoding`, said in every answer's `Accept-Encoding` as RFC 7694
 * §3 describes, so a till compresses a push only for a server that said it can read it.
 */
export const ACCEPTED_REQUEST_ENCODING = 'gzip';

/**
 * Reads a gzip request body and hands tRPC the inflated JSON (`req.body`, which its Node adapter
 * reads instead of the stream). Both sizes are capped at `limit`: the compressed body as it
 * arrives, the inflated one while it inflates (zlib's `maxOutputLength`), so a few kilobytes that
 * would expand without bound are refused 413 after at most `limit` bytes of work. A body that is
 * not valid gzip is refused 400, another coding 415 with the one accepted (RFC 7694 §3); nothing
 * reaches a procedure in either case. Resolves whether the request may go on to tRPC.
 */
export async function inflateRequestBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): Promise<boolean> {
  const coding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (coding === 'identity') return true;
  if (coding !== ACCEPTED_REQUEST_ENCODING) {
    res.setHeader('Accept-Encoding', ACCEPTED_REQUEST_ENCODING);
    refuse(res, 415, `request Content-Encoding ${coding} is not accepted; send gzip or none`, true);
    return false;
  }
  const compressed = await readCapped(req, limit);
  if (compressed === null) {
    refuse(res, 413, `request body larger than ${limit} bytes`, true);
    return false;
  }
  const inflated = await new Promise<Buffer | Error>((resolve) =>
    gunzip(compressed, { maxOutputLength: limit }, (error, result) => resolve(error ?? result)),
  );
  if (inflated instanceof Error) {
    if ((inflated as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      refuse(res, 413, `request body larger than ${limit} bytes once inflated`);
    } else {
      refuse(res, 400, 'request body is not valid gzip');
    }
    return false;
  }
  // What tRPC sees is the plain JSON; the headers must describe it, not the compressed bytes.
  delete req.headers['content-encoding'];
  delete req.headers['content-length'];
  (req as IncomingMessage & { body?: string }).body = inflated.toString('utf8');
  return true;
}

/** The whole body, or null as soon as it passes `limit` (the rest is left unread). */
function readCapped(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
