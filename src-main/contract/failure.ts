import type { AppError, ErrorCode } from '../../shared/contract';

/**
 * A failure a service throws on purpose: it carries the code, the founder-facing message and a hint,
 * and travels to the renderer unchanged. Anything else thrown is a bug and is reported as `internal`
 * without its message (which could carry a secret).
 */
export class AppFailure extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'AppFailure';
    this.code = code;
    this.hint = hint;
  }

  toAppError(): AppError {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}
