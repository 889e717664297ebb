import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';

/**
 * Runs a Lambda function by name. A function error rejects with an `Error`
 * whose `name` is the Lambda `errorType` (for example `TransientError`).
 */
export interface LambdaInvoker {
  invoke(functionName: string, payload: unknown): Promise<unknown>;
}

/** Structured logger; Powertools' `Logger` fits. */
export interface EngineLogger {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export type ExecutionStatus =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED';

/** `DescribeExecution` of one execution; JSON fields are JSON text. */
export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

export type ExecutionListItem = Pick<
  ExecutionDescription,
  | 'executionArn'
  | 'stateMachineArn'
  | 'name'
  | 'status'
  | 'startDate'
  | 'stopDate'
>;

/** A top-level callback task an execution waits on. */
export interface ParkedWait {
  readonly stateName: string;
  /** The state's input, before Parameters: a resumed run starts from it. */
  readonly stateInput: unknown;
  readonly token: string;
  /** Epoch ms of the `States.Timeout`, if the task has a timeout. */
  readonly deadline?: number;
  readonly heartbeatSeconds?: number;
  /** Epoch ms of the `States.HeartbeatTimeout`, if it has a heartbeat. */
  readonly heartbeatDeadline?: number;
}

export interface LocalStepFunctionsOptions {
  /** Executions persist under `<dataDir>/executions/`; none when undefined. */
  readonly dataDir: string | undefined;
  readonly invoker: LambdaInvoker;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  /** @default a logger that drops everything */
  readonly logger?: EngineLogger;
  /**
   * Sees each execution `recover()` found running between two waits and
   * marked `FAILED` with `Runtime.Interrupted`: its step cannot be resumed,
   * so the caller may start the conversation again.
   */
  readonly onInterrupted?: (
    execution: ExecutionDescription,
  ) => void | Promise<void>;
}

export interface StartExecutionInput {
  readonly stateMachineArn: string;
  /** @default a random UUID */
  readonly name?: string;
  /** JSON text. @default '{}' */
  readonly input?: string;
}

export interface StartExecutionResult {
  readonly executionArn: string;
  readonly startDate: Date;
}

export interface HistoryPageRequest {
  /** Newest first. @default false */
  readonly reverseOrder?: boolean;
  /** Events per page; 0 or absent returns them all. */
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** An SDK `HistoryEvent` whose always-present members are not optional. */
export type ExecutionHistoryEvent = HistoryEvent & {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: Date;
  readonly type: HistoryEventType;
};

export interface HistoryPage {
  readonly events: ExecutionHistoryEvent[];
  readonly nextToken?: string;
}

export interface ListExecutionsRequest {
  readonly stateMachineArn: string;
  readonly statusFilter?: ExecutionStatus;
  /** 0 or absent returns them all. */
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface ExecutionsPage {
  readonly executions: ExecutionListItem[];
  readonly nextToken?: string;
}

export interface RecoveryReport {
  /** Executions resumed in the callback task they were parked in. */
  readonly resumed: readonly string[];
  /** Executions marked `FAILED` with `Runtime.Interrupted`. */
  readonly interrupted: readonly string[];
}
