/**
 * Errors of the local workflow engine. The API errors carry the exact
 * names Step Functions uses, so the loopback endpoint can return them as
 * `__type` and the SDK raises its modeled exception classes.
 */

/** Base class of the errors a Step Functions API call can return. */
export abstract class StepFunctionsApiError extends Error {
  abstract override readonly name: string;
}

export class ExecutionAlreadyExists extends StepFunctionsApiError {
  override readonly name = 'ExecutionAlreadyExists';
}

export class ExecutionDoesNotExist extends StepFunctionsApiError {
  override readonly name = 'ExecutionDoesNotExist';
}

export class StateMachineDoesNotExist extends StepFunctionsApiError {
  override readonly name = 'StateMachineDoesNotExist';
}

/**
 * Modeled for completeness: this engine answers `TaskTimedOut` for every
 * well-formed token that is not live, as AWS does for tasks that ended,
 * which callers already treat as "the wait is over".
 */
export class TaskDoesNotExist extends StepFunctionsApiError {
  override readonly name = 'TaskDoesNotExist';
}

export class TaskTimedOut extends StepFunctionsApiError {
  override readonly name = 'TaskTimedOut';
}

export class InvalidToken extends StepFunctionsApiError {
  override readonly name = 'InvalidToken';
}

export class InvalidName extends StepFunctionsApiError {
  override readonly name = 'InvalidName';
}

export class InvalidExecutionInput extends StepFunctionsApiError {
  override readonly name = 'InvalidExecutionInput';
}

export class InvalidOutput extends StepFunctionsApiError {
  override readonly name = 'InvalidOutput';
}

export class InvalidArn extends StepFunctionsApiError {
  override readonly name = 'InvalidArn';
}

export class InvalidDefinition extends StepFunctionsApiError {
  override readonly name = 'InvalidDefinition';
}

/** Thrown by API calls made after `close()`. */
export class EngineClosedError extends Error {
  override readonly name = 'EngineClosedError';
}

/**
 * A Task failure as a workflow sees it: `name` is the error name that
 * `Retry` and `Catch` match, `message` the cause a `Catch` passes on.
 */
export class TaskError extends Error {
  constructor(errorName: string, cause: string) {
    super(cause);
    this.name = errorName;
  }
}

/**
 * An error no `Retry` or `Catch` may handle: the engine reads these
 * getters, so the execution fails (or unwinds after a stop) at once.
 */
export class UncatchableError extends Error {
  constructor(errorName: string, cause: string) {
    super(cause);
    this.name = errorName;
  }

  get isRetryable(): boolean {
    return false;
  }

  get isCatchable(): boolean {
    return false;
  }
}

/** Unwinds a run that was stopped or whose engine closed. */
export class HaltedError extends UncatchableError {
  constructor() {
    super('Runtime.Halted', 'The execution was stopped');
  }
}
