import type { TaskSpec } from './compile';
import { TaskError } from './errors';
import { json } from './history';
import {
  functionError,
  functionNameOf,
  lambdaResult,
  parameterObject,
  type TaskInput,
  type TaskRuntime,
} from './task-runtime';
import type { TaskWait, WaitOutcome } from './tokens';

/**
 * Placeholder the engine resolves `$$.Task.Token` to (it has no task
 * tokens); each attempt replaces it with a fresh token.
 */
export const TASK_TOKEN_PLACEHOLDER = 'local-engine:task-token-placeholder';

const RESOURCE = {
  resourceType: 'lambda',
  resource: 'invoke.waitForTaskToken',
} as const;

/**
 * `lambda:invoke.waitForTaskToken`: opens a wait under a fresh token,
 * invokes the function with the token in its payload, and ends when the
 * token is completed, which may happen before the function returns (the
 * function itself may send it). A function error fails the attempt, so
 * Retry applies. A top-level wait is parked so that it survives a restart.
 */
export async function runCallbackTask(
  spec: TaskSpec,
  task: TaskInput,
  runtime: TaskRuntime,
): Promise<unknown> {
  const parameters = parameterObject(spec, task.parameters);
  const functionName = functionNameOf(spec, parameters.FunctionName);
  const wait = openWait(spec, task, runtime);
  const payload = withToken(parameters.Payload ?? {}, wait.token);
  runtime.record('TaskScheduled', {
    ...RESOURCE,
    region: runtime.region,
    parameters: json({ ...parameters, Payload: payload }),
    timeoutInSeconds: task.timeoutSeconds,
    heartbeatInSeconds: task.heartbeatSeconds,
  });
  if (!wait.isSettled) park(spec, task, wait, runtime);
  try {
    runtime.record('TaskStarted', RESOURCE);
    if (!wait.isSettled) invoke(functionName, payload, wait, runtime);
    const outcome = await Promise.race([wait.outcome, runtime.halted]);
    return finish(outcome, runtime);
  } finally {
    wait.cancel();
    runtime.unpark();
  }
}

function openWait(
  spec: TaskSpec,
  task: TaskInput,
  runtime: TaskRuntime,
): TaskWait {
  const resume = runtime.takeResume(spec.stateName);
  const now = Date.now();
  const heartbeatSeconds = resume?.heartbeatSeconds ?? task.heartbeatSeconds;
  return runtime.openWait({
    deadline: resume
      ? resume.deadline
      : task.timeoutSeconds && now + task.timeoutSeconds * 1000,
    heartbeatSeconds,
    heartbeatDeadline: resume?.heartbeatDeadline,
    onHeartbeat: (deadline) => runtime.touchHeartbeat(deadline),
  });
}

function park(
  spec: TaskSpec,
  task: TaskInput,
  wait: TaskWait,
  runtime: TaskRuntime,
): void {
  // TODO(local): waits inside Parallel/Map branches, and states with an
  // InputPath (whose raw input this layer never sees), are not parked, so
  // a restart interrupts them; none exist in our workflow. Parking them
  // needs the engine to start a run in a nested state, or a raw-input hook.
  if (!spec.topLevel || spec.hasInputPath) return;
  runtime.park({
    stateName: spec.stateName,
    stateInput: task.stateInput,
    token: wait.token,
    deadline: wait.deadline,
    heartbeatSeconds: wait.heartbeatSeconds,
    heartbeatDeadline: wait.heartbeatDeadline,
  });
}

function invoke(
  functionName: string,
  payload: unknown,
  wait: TaskWait,
  runtime: TaskRuntime,
): void {
  Promise.resolve()
    .then(() => runtime.invoker.invoke(functionName, payload))
    .then(
      (result) => {
        if (wait.isSettled) return;
        runtime.record('TaskSubmitted', {
          ...RESOURCE,
          output: json(lambdaResult(result === undefined ? null : result)),
          outputDetails: { truncated: false },
        });
      },
      (error: unknown) => {
        const failure = functionError(error);
        wait.settle({
          status: 'failed',
          error: failure.name,
          cause: failure.message,
        });
      },
    );
}

function finish(outcome: WaitOutcome, runtime: TaskRuntime): unknown {
  if (outcome.status === 'succeeded') {
    runtime.record('TaskSucceeded', {
      ...RESOURCE,
      output: outcome.output,
      outputDetails: { truncated: false },
    });
    return JSON.parse(outcome.output);
  }
  if (outcome.status === 'failed') {
    runtime.record('TaskFailed', {
      ...RESOURCE,
      error: outcome.error,
      cause: outcome.cause,
    });
    throw new TaskError(outcome.error, outcome.cause);
  }
  runtime.record('TaskTimedOut', { ...RESOURCE, error: outcome.error });
  throw new TaskError(outcome.error, '');
}

/** A copy of `value` with every token placeholder replaced by `token`. */
function withToken(value: unknown, token: string): unknown {
  if (value === TASK_TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(value)) return value.map((item) => withToken(item, token));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withToken(item, token)]),
    );
  }
  return value;
}
