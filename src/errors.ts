/** One catalogue of error codes; every message names the bad value. */
export const ERROR_STATUS = {
  SOURCE_UNREADABLE: 422,
  SOURCE_EMPTY: 422,
  SOURCE_BINARY: 422,
  SOURCE_TOO_LARGE: 422,
  SOURCE_NO_TEXT: 422,
  DUPLICATE_DOCUMENT_ID: 422,
  INDEX_MISSING: 503,
  INDEX_CORRUPT: 503,
  INDEX_VERSION_MISMATCH: 503,
  /** Another process is building into the same index folder. */
  INDEX_LOCKED: 503,
  INDEX_BUILD_FAILED: 500,
  QUERY_TOO_LONG: 400,
  QUERY_TOO_MANY_TERMS: 400,
  BAD_PARAMETER: 400,
  NOT_FOUND: 404,
  INTERNAL: 500,
  /** A setting in the server's environment (PORT, PUBLIC_URL, TRUST_PROXY) is malformed; the server does not start. */
  CONFIG_INVALID: 500,
  /** No Sphinx/Manticore cluster in the folder named (npm run cluster -- up has not run there). */
  CLUSTER_MISSING: 503,
  /** indexer or searchd failed while the cluster was set up, rebuilt or stopped. */
  CLUSTER_FAILED: 500,
  /** The search cluster's aggregator cannot be reached or refused a query. */
  SEARCH_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class PolicySearchError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'PolicySearchError';
    this.code = code;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function fail(code: ErrorCode, message: string): never {
  throw new PolicySearchError(code, message);
}
