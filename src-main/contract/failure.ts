import type { AppError, ErrorCode, ErrorDetails } from '../../shared/contract';

/**
 * A failure a service throws on purpose: it carries the code, the founder-facing message, a hint and
 * (for some codes) machine-readable details, and travels to the renderer unchanged. Anything else
 * thrown is a bug and is reported as `internal` without its message (which could carry a secret).
 */
export class AppFailure extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, hint?: string, details?: ErrorDetails) {
    super(message);
    this.name = 'AppFailure';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  toAppError(): AppError {
    const error: AppError = { code: this.code, message: this.message };
    if (this.hint !== undefined) error.hint = this.hint;
    if (this.details !== undefined) error.details = this.details;
    return error;
  }
}
