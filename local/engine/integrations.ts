import { runCallbackTask } from './callback-task';
import type { TaskSpec } from './compile';
import { HaltedError, StepFunctionsApiError, TaskError } from './errors';
import { json } from './history';
import {
  functionNameOf,
  invokeFunction,
  lambdaResult,
  parameterObject,
  readTaskInput,
  type TaskInput,
  type TaskRuntime,
  withTimeout,
} from './task-runtime';

/** Resource type and name as task history events report them. */
const RESOURCE_NAMES = {
  lambda: ['lambda', 'invoke'],
  lambdaCallback: ['lambda', 'invoke.waitForTaskToken'],
  lambdaFunction: ['lambda', 'function'],
  startExecution: ['states', 'startExecution'],
} as const;

/**
 * Runs one attempt of a Task state in place of the engine, which only
 * hands a task override the effective input. The engine still applies
 * Retry, Catch, ResultSelector, ResultPath and OutputPath to the outcome.
 */
export async function runTask(
  spec: TaskSpec,
  effectiveInput: unknown,
  runtime: TaskRuntime,
): Promise<unknown> {
  // The engine reports the state's entry on an async event log; yielding
  // one macrotask lets the history record it before this task's events.
  await new Promise((resolve) => setImmediate(resolve));
  if (runtime.isHalted()) throw new HaltedError();

  const task = readTaskInput(spec, effectiveInput);
  if (spec.kind === 'lambdaCallback') {
    return runCallbackTask(spec, task, runtime);
  }
  return runRequestResponse(spec, task, runtime);
}

async function runRequestResponse(
  spec: TaskSpec,
  task: TaskInput,
  runtime: TaskRuntime,
): Promise<unknown> {
  const [resourceType, resource] = RESOURCE_NAMES[spec.kind];
  const deadline =
    task.timeoutSeconds && Date.now() + task.timeoutSeconds * 1000;
  runtime.record('TaskScheduled', {
    resourceType,
    resource,
    region: runtime.region,
    parameters: json(task.parameters),
    timeoutInSeconds: task.timeoutSeconds,
  });
  runtime.record('TaskStarted', { resourceType, resource });
  try {
    const output = await withTimeout(
      call(spec, task, runtime),
      deadline,
      runtime.halted,
    );
    runtime.record('TaskSucceeded', {
      resourceType,
      resource,
      output: json(output),
      outputDetails: { truncated: false },
    });
    return output;
  } catch (error) {
    if (!(error instanceof TaskError)) throw error;
    runtime.record(
      error.name === 'States.Timeout' ? 'TaskTimedOut' : 'TaskFailed',
      { resourceType, resource, error: error.name, cause: error.message },
    );
    throw error;
  }
}

function call(
  spec: TaskSpec,
  task: TaskInput,
  runtime: TaskRuntime,
): Promise<unknown> {
  if (spec.kind === 'lambdaFunction') {
    return invokeFunction(
      runtime.invoker,
      functionNameOf(spec, spec.resource),
      task.parameters,
    );
  }
  const parameters = parameterObject(spec, task.parameters);
  if (spec.kind === 'startExecution') {
    return startExecution(parameters, runtime);
  }
  return invokeLambda(spec, parameters, runtime);
}

/** `lambda:invoke`: the result Step Functions wraps around the payload. */
async function invokeLambda(
  spec: TaskSpec,
  parameters: Record<string, unknown>,
  runtime: TaskRuntime,
): Promise<unknown> {
  const payload = await invokeFunction(
    runtime.invoker,
    functionNameOf(spec, parameters.FunctionName),
    parameters.Payload ?? {},
  );
  return lambdaResult(payload);
}

/**
 * `states:startExecution`: an API error becomes the task error the AWS
 * integration raises, `StepFunctions.<Name>Exception`.
 */
async function startExecution(
  parameters: Record<string, unknown>,
  runtime: TaskRuntime,
): Promise<unknown> {
  const { StateMachineArn, Name, Input } = parameters;
  try {
    const started = await runtime.startExecution({
      stateMachineArn: String(StateMachineArn),
      name: Name === undefined ? undefined : String(Name),
      input: typeof Input === 'string' ? Input : json(Input ?? {}),
    });
    return {
      ExecutionArn: started.executionArn,
      StartDate: started.startDate.getTime(),
    };
  } catch (error) {
    if (!(error instanceof StepFunctionsApiError)) throw error;
    throw new TaskError(`StepFunctions.${error.name}Exception`, error.message);
  }
}
