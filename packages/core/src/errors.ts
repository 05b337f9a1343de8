/** Stable error codes. The CLI maps each to an exit code (see `exitCodeFor`). */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_OPTIONS_INVALID'
  | 'E_OPTIONS_MISSING'
  | 'E_OPTION_UNKNOWN'
  | 'E_STACK_NOT_FOUND'
  | 'E_STACK_INCOMPATIBLE'
  | 'E_STACK_INVALID'
  | 'E_TEMPLATE'
  | 'E_DETECT_NONE'
  | 'E_FILE_EXISTS'
  | 'E_WRITE'
  | 'E_CONFIG'
  | 'E_LOCK'
  | 'E_DRIFT'
  | 'E_CONFLICT'
  | 'E_ENGINE'
  | 'E_VERIFY'
  | 'E_LINT'
  | 'E_REGISTRY'
  | 'E_INTEGRITY';

/** Where a problem was found and how to fix it. */
export interface ErrorDetails {
  /** File the problem is in, relative to the project when possible. */
  file?: string;
  /** JSON pointer inside that file, e.g. `/stacks/0/options/nodeVersion`. */
  pointer?: string;
  /** The option involved. */
  option?: string;
  /** Where the bad value came from (`flag --set`, `config .dockstackrc.json`, `detection`, `default`). */
  source?: string;
  /** One sentence on how to fix it. */
  hint?: string;
  /** Machine-readable extras (e.g. a list of missing options). */
  data?: Record<string, unknown>;
  cause?: unknown;
}

/** The one error class of dockstack: a stable code, a one-line message and details. */
export class DockstackError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DockstackError';
    this.code = code;
    this.details = details;
  }

  /** A stable JSON shape for `--json` output. */
  toJSON(): Record<string, unknown> {
    const { cause: _cause, ...rest } = this.details;
    return { code: this.code, message: this.message, ...rest };
  }
}

/** Exit codes, documented in the README. 0 ok, 1 unexpected. */
export const EXIT_CODES: Record<ErrorCode, number> = {
  E_USAGE: 2,
  E_OPTIONS_INVALID: 3,
  E_OPTIONS_MISSING: 3,
  E_OPTION_UNKNOWN: 3,
  E_CONFIG: 3,
  E_STACK_NOT_FOUND: 4,
  E_STACK_INCOMPATIBLE: 4,
  E_STACK_INVALID: 4,
  E_TEMPLATE: 4,
  E_DETECT_NONE: 5,
  E_FILE_EXISTS: 6,
  E_WRITE: 7,
  E_LOCK: 8,
  E_DRIFT: 9,
  E_CONFLICT: 10,
  E_ENGINE: 11,
  E_VERIFY: 12,
  E_LINT: 13,
  E_REGISTRY: 14,
  E_INTEGRITY: 14,
};

export function exitCodeFor(error: unknown): number {
  return error instanceof DockstackError ? EXIT_CODES[error.code] : 1;
}

export function isDockstackError(error: unknown): error is DockstackError {
  return error instanceof DockstackError;
}
