/**
 * The error registry: every error Broadsheet raises on purpose has a stable code here.
 * Callers branch on `code`, never on message text; docs/errors.md documents each code
 * (a test fails when one is missing there).
 */
export const ERRORS = {
  BS_ERR_CONFIG_INVALID: { status: 500, message: 'Invalid configuration: {detail}' },
  BS_ERR_REQUEST_INVALID: { status: 400, message: 'The request is invalid: {detail}' },
  BS_ERR_REQUEST_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  BS_ERR_REQUEST_MEDIA_TYPE: { status: 415, message: 'Unsupported content type: {detail}' },
  BS_ERR_REQUEST_ABORTED: { status: 400, message: 'The request was not received in full: the connection closed while it was being sent' },
  BS_ERR_NOT_FOUND: { status: 404, message: 'There is no page at this address' },
  BS_ERR_API_FILTER: { status: 400, message: 'This filter cannot be used: {detail}' },
  BS_ERR_API_CURSOR: { status: 400, message: 'The cursor is not valid: {detail}' },
  BS_ERR_API_FIELD: { status: 400, message: 'Unknown field(s): {fields}' },
  BS_ERR_API_KEY: { status: 401, message: 'A valid API key is needed: send it as the X-Api-Key header or ?key=' },
  BS_ERR_OUTBOUND_BLOCKED: { status: 422, message: 'That address cannot be reached from here: {detail}' },
  BS_ERR_OUTBOUND_FAILED: { status: 502, message: 'The request to the other server failed: {detail}' },
  BS_ERR_API_RATE: { status: 429, message: 'Too many requests with this key: try again in {seconds} s' },
  BS_ERR_MEMBER_LINK: { status: 410, message: 'This link has been used or has expired: ask for a new one' },
  BS_ERR_MEMBER_EMAIL_TAKEN: { status: 409, message: 'Another account uses that address' },
  BS_ERR_NEWSLETTER_SENT: { status: 409, message: 'This edition has already been sent' },
  BS_ERR_PLAN_TAKEN: { status: 409, message: 'Another plan uses the address name {slug}' },
  BS_ERR_PAYMENTS_OFF: { status: 503, message: 'Payments are not set up on this site yet' },
  BS_ERR_PAYMENTS_UNAVAILABLE: { status: 503, message: 'The payment service did not answer: nothing was changed, try again in a few minutes' },
  BS_ERR_PAYMENT_SIGNATURE: { status: 400, message: 'The payment event is not signed with this site’s webhook secret' },
  BS_ERR_NEWSLETTER_ALERT_SENT: { status: 409, message: 'An alert for this article has already been sent to this newsletter' },
  BS_ERR_API_TOKEN: { status: 401, message: 'A valid Admin API token is needed: send it as "Authorization: Bearer <token>"' },
  BS_ERR_API_SCOPE: { status: 403, message: 'This token was not given the {permission} permission' },
  BS_ERR_IDEMPOTENCY_MISMATCH: { status: 422, message: 'This Idempotency-Key was used for a different request' },
  BS_ERR_IDEMPOTENCY_PENDING: { status: 409, message: 'A request with this Idempotency-Key is still running or was cut off; check before sending it again' },
  BS_ERR_PAGE_OUT_OF_RANGE: { status: 404, message: 'Page {page} does not exist; this list has {pages} page(s)' },
  BS_ERR_ARTICLE_NOT_FOUND: { status: 404, message: 'There is no article {id}' },
  BS_ERR_CONTENT_INVALID: { status: 422, message: '{field}: {detail}' },
  BS_ERR_SECTION_UNKNOWN: { status: 422, message: 'Unknown section "{section}"' },
  BS_ERR_SECTION_SLUG_RESERVED: { status: 422, message: 'The slug "{slug}" is reserved for other pages' },
  BS_ERR_IMPORT_MALFORMED: { status: 422, message: '{file}:{line}: {detail}' },
  BS_ERR_IMPORT_FILE_UNREADABLE: { status: 422, message: '{file}: cannot be read ({detail})' },
  BS_ERR_DB_UNSUPPORTED_URL: { status: 500, message: 'Unsupported database URL "{url}"' },
  BS_ERR_DB_MIGRATION_FAILED: { status: 500, message: 'Database migration {migration} failed: {detail}' },
  BS_ERR_AUTH_REQUIRED: { status: 401, message: 'Log in to continue' },
  BS_ERR_AUTH_FAILED: { status: 401, message: 'The email or password is not right' },
  BS_ERR_AUTH_THROTTLED: { status: 429, message: 'Too many attempts; try again in {seconds} seconds' },
  BS_ERR_AUTH_PASSWORD_WEAK: { status: 422, message: 'Choose a stronger password: {detail}' },
  BS_ERR_AUTH_TOKEN_INVALID: { status: 400, message: 'This link is not valid any more; ask for a new one' },
  BS_ERR_AUTH_FORBIDDEN: { status: 403, message: 'Your role cannot do this: {detail}' },
  BS_ERR_AUTH_CODE: { status: 401, message: 'That code is not right: {detail}' },
  BS_ERR_AUTH_CSRF: { status: 403, message: 'This form expired or was sent from another site; reload the page and try again' },
  BS_ERR_USER_EXISTS: { status: 409, message: 'There is already an account for {email}' },
  BS_ERR_USER_NOT_FOUND: { status: 404, message: 'There is no user {id}' },
  BS_ERR_USER_LAST_ADMIN: { status: 409, message: 'The last active admin cannot be disabled or demoted' },
  BS_ERR_ARTICLE_CONFLICT: {
    status: 409,
    message: 'Someone saved this article after you opened it (now version {current}); your text was kept as revision {revision}',
  },
  BS_ERR_ARTICLE_STALE: { status: 409, message: 'This article changed since you opened it (now version {current}); reload it and try again' },
  BS_ERR_ARTICLE_TRANSITION: { status: 409, message: 'An article that is {status} cannot be {action}' },
  BS_ERR_ARTICLE_SCHEDULE_PAST: { status: 422, message: 'The publication time must be in the future' },
  BS_ERR_ARTICLE_CHECKLIST: { status: 422, message: 'Not ready to publish; this newsroom requires: {detail}' },
  BS_ERR_REVISION_NOT_FOUND: { status: 404, message: 'There is no revision {id} of this article' },
  BS_ERR_MEDIA_REJECTED: { status: 422, message: 'This file cannot be used as an image: {detail}' },
  BS_ERR_MEDIA_NOT_FOUND: { status: 404, message: 'There is no image {id}' },
  BS_ERR_TAXONOMY_EXISTS: { status: 409, message: 'There is already a {kind} called "{slug}"' },
  BS_ERR_DB_UNAVAILABLE: { status: 503, message: 'The database is not answering; nothing was changed. Try again in a moment' },
  BS_ERR_SEARCH_TOO_SLOW: { status: 503, message: 'This search took too long; add words, or narrow it by section or date' },
  BS_ERR_SEARCH_BUSY: { status: 503, message: 'Search is busy right now; try again in a few seconds' },
  BS_ERR_SERVER_INTERNAL: { status: 500, message: 'Something went wrong on our side; the error was logged' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface BroadsheetErrorOptions {
  readonly help?: string;
  readonly cause?: unknown;
}

function fill(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

/** An expected failure with a stable code, an HTTP status and a message filled from the registry. */
export class BroadsheetError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly help: string | undefined;
  readonly params: Readonly<Record<string, string | number>>;

  constructor(
    code: ErrorCode,
    params: Readonly<Record<string, string | number>> = {},
    options: BroadsheetErrorOptions = {},
  ) {
    super(fill(ERRORS[code].message, params), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BroadsheetError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.help = options.help;
    this.params = params;
  }
}

/** True when `err` is a BroadsheetError, optionally of the given code. */
export function isBroadsheetError(err: unknown, code?: ErrorCode): err is BroadsheetError {
  return err instanceof BroadsheetError && (code === undefined || err.code === code);
}

/** Error codes of a database that is down, restarting or unreachable (PostgreSQL SQLSTATEs, socket errors, SQLite busy). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH',
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300',
  'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_CANTOPEN',
]);

/**
 * True when `err` means the database could not be reached or is restarting (a 503 for the
 * client: nothing was written), as opposed to a bug (a 500).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isBroadsheetError(e, 'BS_ERR_DB_UNAVAILABLE')) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/.test(message)) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}
