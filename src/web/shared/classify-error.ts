import type { FastifyRequest } from 'fastify';
import { BroadsheetError, isBroadsheetError, isDatabaseUnavailable } from '../../core/errors.ts';

/** How loudly an error is logged: a fault of ours is an error; a client's mistake or departure is not. */
export type LogLevel = 'none' | 'info' | 'error';

export interface ClassifiedError {
  readonly error: BroadsheetError;
  readonly log: LogLevel;
}

/**
 * True when the client went away before its request was read (closed the connection mid-body).
 * Checked on the request's own socket, so a database connection reset (the same ECONNRESET code)
 * is never mistaken for it.
 */
function clientGone(error: unknown, request: FastifyRequest): boolean {
  const raw = request.raw as FastifyRequest['raw'] & { readableAborted?: boolean };
  if (raw.aborted || raw.readableAborted === true) return true;
  const code = (error as { code?: unknown }).code;
  const socketClosed = raw.socket?.destroyed === true;
  return socketClosed && (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as { message?: unknown }).message === 'aborted');
}

/** Fastify's and its plugins' own client errors (bad JSON, body too large, schema, CSRF) in the registry's terms. */
function clientError(error: unknown): BroadsheetError | undefined {
  const e = error as { statusCode?: unknown; code?: unknown; message?: unknown; validation?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  if (e.validation) return new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: message });
  if (e.statusCode === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE') return new BroadsheetError('BS_ERR_REQUEST_TOO_LARGE');
  if (e.statusCode === 415) return new BroadsheetError('BS_ERR_REQUEST_MEDIA_TYPE', { detail: 'send a form, JSON or a multipart upload' });
  if (typeof e.code === 'string' && e.code.startsWith('FST_CSRF')) return new BroadsheetError('BS_ERR_AUTH_CSRF');
  if (e.statusCode === 404) return new BroadsheetError('BS_ERR_NOT_FOUND');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: message });
  return undefined;
}

/**
 * Every surface's error handler asks here what a thrown error means (one answer for the reader
 * site, the newsroom and the APIs): a registry error as it is; a client that went away or sent a
 * malformed request is the client's (4xx, logged at info at most); a database that is down is a
 * 503; anything else is our fault, a 500 logged as an error.
 */
export function classifyError(error: unknown, request: FastifyRequest): ClassifiedError {
  if (isBroadsheetError(error)) return { error, log: error.code === 'BS_ERR_SERVER_INTERNAL' ? 'error' : 'none' };
  if (clientGone(error, request)) return { error: new BroadsheetError('BS_ERR_REQUEST_ABORTED', {}, { cause: error }), log: 'info' };
  const client = clientError(error);
  if (client) return { error: client, log: 'info' };
  if (isDatabaseUnavailable(error)) return { error: new BroadsheetError('BS_ERR_DB_UNAVAILABLE', {}, { cause: error }), log: 'none' };
  return { error: new BroadsheetError('BS_ERR_SERVER_INTERNAL', {}, { cause: error }), log: 'error' };
}

/** Writes the classified error to the request's log at its level. */
export function logClassified(request: FastifyRequest, classified: ClassifiedError, original: unknown, what: string): void {
  if (classified.log === 'error') request.log.error({ err: original }, what);
  else if (classified.log === 'info') request.log.info({ code: classified.error.code, reason: (original as Error)?.message }, `${what}: ${classified.error.code}`);
}
