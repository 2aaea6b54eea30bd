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
  BS_ERR_NOT_FOUND: { status: 404, message: 'There is no page at this address' },
  BS_ERR_PAGE_OUT_OF_RANGE: { status: 404, message: 'Page {page} does not exist; this list has {pages} page(s)' },
  BS_ERR_ARTICLE_NOT_FOUND: { status: 404, message: 'There is no published article {id}' },
  BS_ERR_VIEW_UNKNOWN_ARTICLE: { status: 404, message: 'Article {id} is not published, so its views are not counted' },
  BS_ERR_CONTENT_INVALID: { status: 422, message: '{field}: {detail}' },
  BS_ERR_SECTION_UNKNOWN: { status: 422, message: 'Unknown section "{section}"' },
  BS_ERR_SECTION_SLUG_RESERVED: { status: 422, message: 'The slug "{slug}" is reserved for other pages' },
  BS_ERR_IMPORT_MALFORMED: { status: 422, message: '{file}:{line}: {detail}' },
  BS_ERR_IMPORT_FILE_UNREADABLE: { status: 422, message: '{file}: cannot be read ({detail})' },
  BS_ERR_DB_UNSUPPORTED_URL: { status: 500, message: 'Unsupported database URL "{url}"' },
  BS_ERR_DB_MIGRATION_FAILED: { status: 500, message: 'Database migration {migration} failed: {detail}' },
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
