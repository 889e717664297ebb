import type { HistoryEventType } from '@aws-sdk/client-sfn';
import { lambdaFunctionName } from './arn';
import type { TaskSpec } from './compile';
import { TASK_META_KEY, TASK_PARAMETERS_KEY } from './compile';
import { TaskError, UncatchableError } from './errors';
import type { EventDetails } from './history';
import { atDeadline } from './timers';
import type { TaskWait, WaitOptions } from './tokens';
import type { LambdaInvoker, ParkedWait } from './types';

/** Where a resumed run picks up a callback task it was parked in. */
export type ResumePoint = Pick<
  ParkedWait,
  'deadline' | 'heartbeatSeconds' | 'heartbeatDeadline'
>;

export interface StartRequest {
  readonly stateMachineArn: string;
  readonly name?: string;
  readonly input?: string;
}

/** What a Task integration may use of its execution and engine. */
export interface TaskRuntime {
  readonly invoker: LambdaInvoker;
  readonly region: string;
  /** Opens a callback wait under a fresh token, ended by a stop. */
  openWait(options: WaitOptions): TaskWait;
  /** Rejects with `HaltedError` once the execution stops or the engine closes. */
  readonly halted: Promise<never>;
  isHalted(): boolean;
  record(type: HistoryEventType, details?: EventDetails): void;
  startExecution(
    request: StartRequest,
  ): Promise<{ executionArn: string; startDate: Date }>;
  /** The resume point if this run resumes in `stateName` (taken once). */
  takeResume(stateName: string): ResumePoint | undefined;
  /** The execution now waits on a top-level callback task. */
  park(wait: ParkedWait): void;
  /** A heartbeat moved the parked task's heartbeat deadline. */
  touchHeartbeat(heartbeatDeadline: number): void;
  /** The callback task ended. */
  unpark(): void;
}

/** The effective input of a rewritten Task state, unwrapped. */
export interface TaskInput {
  /** The state's input (after InputPath). */
  readonly stateInput: unknown;
  /** The Parameters result: what the integration receives on AWS. */
  readonly parameters: unknown;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
}

/** Unwraps the effective input `compileDefinition` shaped. */
export function readTaskInput(spec: TaskSpec, effective: unknown): TaskInput {
  const wrapper = effective as Record<string, unknown>;
  const meta = wrapper[TASK_META_KEY] as Record<string, unknown>;
  return {
    stateInput: meta.input,
    parameters: wrapper[TASK_PARAMETERS_KEY],
    timeoutSeconds: positiveSeconds(
      spec,
      'TimeoutSeconds',
      spec.timeoutSeconds ?? meta.timeoutSeconds,
    ),
    heartbeatSeconds: positiveSeconds(
      spec,
      'HeartbeatSeconds',
      spec.heartbeatSeconds ?? meta.heartbeatSeconds,
    ),
  };
}

function positiveSeconds(
  spec: TaskSpec,
  field: string,
  value: unknown,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) {
    return value;
  }
  throw new UncatchableError(
    'States.Runtime',
    `State '${spec.stateName}': ${field} must be a positive integer, got ${JSON.stringify(value)}`,
  );
}

/** `Parameters` as an object, or a `States.Runtime` failure. */
export function parameterObject(
  spec: TaskSpec,
  parameters: unknown,
): Record<string, unknown> {
  if (parameters && typeof parameters === 'object') {
    return parameters as Record<string, unknown>;
  }
  throw new UncatchableError(
    'States.Runtime',
    `State '${spec.stateName}': Parameters must be an object`,
  );
}

/** The function name a `FunctionName` parameter designates. */
export function functionNameOf(spec: TaskSpec, value: unknown): string {
  const name = typeof value === 'string' ? lambdaFunctionName(value) : '';
  if (name) return name;
  throw new UncatchableError(
    'States.Runtime',
    `State '${spec.stateName}': invalid FunctionName ${JSON.stringify(value)}`,
  );
}

/**
 * Invokes a function through the invoker. A function error becomes the
 * task error Step Functions reports: the error type as name, and as cause
 * the JSON error document Lambda returns.
 */
export async function invokeFunction(
  invoker: LambdaInvoker,
  functionName: string,
  payload: unknown,
): Promise<unknown> {
  try {
    const result = await invoker.invoke(functionName, payload);
    return result === undefined ? null : result;
  } catch (error) {
    throw functionError(error);
  }
}

/** The result `lambda:invoke` returns around a function's payload. */
export function lambdaResult(payload: unknown) {
  return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
}

export function functionError(error: unknown): TaskError {
  const errorType =
    error instanceof Error && error.name ? error.name : 'Lambda.Unknown';
  const errorMessage = error instanceof Error ? error.message : String(error);
  return new TaskError(
    errorType,
    JSON.stringify({ errorType, errorMessage, trace: [] }),
  );
}

// TODO(local): a `Retry`/`Catch` on `States.TaskFailed` also matches this
// layer's `States.Timeout` (AWS excludes it): the engine recognises only
// its own timeout error class, which it does not export. Matching needs
// that class exported, or the engine's timer used for request-response
// tasks.
/**
 * Settles like `work`, or rejects with `States.Timeout` at `deadline`
 * (epoch ms), or with `HaltedError` once `halted` rejects; the deadline
 * timer never outlives the call.
 */
export function withTimeout<T>(
  work: Promise<T>,
  deadline: number | undefined,
  halted: Promise<never>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancel =
      deadline === undefined
        ? () => undefined
        : atDeadline(deadline, () =>
            reject(new TaskError('States.Timeout', '')),
          );
    Promise.race([work, halted]).then(resolve, reject).finally(cancel);
  });
}
