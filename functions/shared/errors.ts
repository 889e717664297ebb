/**
 * Errors of the conversation functions. The class name is the error name
 * Step Functions sees, so `TransientError` is what the workflow retries.
 */
export class FrontlineError extends Error {
  /** HTTP status when the error reaches an API edge. */
  readonly status: number = 500;
  /** Whether the message may be shown to the caller. */
  readonly expose: boolean = false;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input at an edge: the message names the field and what is wrong. */
export class ValidationError extends FrontlineError {
  override readonly status = 400;
  override readonly expose = true;
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export class UnauthorizedError extends FrontlineError {
  override readonly status = 401;
  override readonly expose = true;
}

export class NotFoundError extends FrontlineError {
  override readonly status = 404;
  override readonly expose = true;
}

export class ConflictError extends FrontlineError {
  override readonly status = 409;
  override readonly expose = true;
}

/** A dependency failed in a way that a retry may fix. */
export class TransientError extends FrontlineError {
  override readonly status = 503;
}

/** The model could not produce an answer (after the SDK's own retries). */
export class ModelError extends FrontlineError {
  override readonly status = 502;
}

/** Stored data breaks an invariant: a bug, never retried. */
export class InvariantError extends FrontlineError {}
