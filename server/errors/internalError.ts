import type { ServerResponse } from 'node:http';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { logger } from '../log';

/**
 * A failure the client cannot act on gets a generic answer with an id; the detail (a driver's
 * message may name tables, columns, SQL or values) stays in the server's log under that id, so
 * an operator can find it when a user quotes the id.
 */
export function logInternalError(where: string, error: unknown): string {
  const errorId = uuidv7();
  logger.error({ err: error, errorId, where }, 'internal error');
  return errorId;
}

export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

/** The plain-HTTP answer for an unexpected failure: 500, a generic message and the error id. */
export function answerInternalError(res: ServerResponse, where: string, error: unknown): void {
  const errorId = logInternalError(where, error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .writeHead(500, { 'Content-Type': 'application/json' })
    .end(JSON.stringify({ error: 'internal', message: INTERNAL_ERROR_MESSAGE, errorId }));
}
