import { type RunOptions, StateMachine } from 'aws-local-stepfunctions';
import { TASK_TOKEN_PLACEHOLDER } from './callback-task';
import type { CompiledDefinition } from './compile';
import type { Execution } from './execution';
import { runTask } from './integrations';
import type { ResumePoint } from './task-runtime';

type TaskHandlers = NonNullable<
  NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']
>;

/** A registered state machine. */
export interface Machine {
  readonly arn: string;
  readonly name: string;
  readonly compiled: CompiledDefinition;
}

/** Where a run starts other than at `StartAt`: a parked callback task. */
export interface RunStart {
  readonly stateName: string;
  readonly input: unknown;
  readonly point: ResumePoint;
}

// TODO(local): a definition-level `TimeoutSeconds` is left to the engine:
// it restarts when a parked execution resumes after a restart and
// overflows beyond ~24.8 days. Our workflow sets none; enforcing it from
// the execution's start date in `Execution` would close this.
/**
 * Starts an engine run of `machine` for `execution`: every Task state is
 * overridden by this layer's integrations, and the context object carries
 * the execution and state machine ids and the task-token placeholder.
 * With `start`, the run begins in that state with its stored input.
 */
export function launchRun(
  execution: Execution,
  machine: Machine,
  region: string,
  start?: RunStart,
): void {
  const { runDefinition, tasks } = machine.compiled;
  const definition = start
    ? { ...runDefinition, StartAt: start.stateName }
    : runDefinition;
  const engine = new StateMachine(definition, {
    validationOptions: { noValidate: true },
    // No credentials: a Task without an override fails instead of reaching
    // AWS (every Task has one; this is a second guard).
    awsConfig: { region },
  });
  const handlers: TaskHandlers = {};
  for (const spec of tasks.values()) {
    handlers[spec.stateName] = (input) =>
      runTask(spec, input, execution) as ReturnType<TaskHandlers[string]>;
  }
  const run = engine.run(
    start ? (start.input as never) : JSON.parse(execution.meta.input),
    {
      overrides: { taskResourceLocalHandlers: handlers },
      noThrowOnAbort: true,
      context: contextObject(execution, machine),
    },
  );
  execution.attach(
    run,
    start && { stateName: start.stateName, point: start.point },
  );
}

// TODO(local): a resumed run's `$$.Execution.Input` and `StartTime` are the
// parked state's input and the resume time, because the engine overwrites
// both in the context; nothing in our workflow reads them. Starting the
// resumed run with a Pass state that restores the state input would keep
// the execution input.
function contextObject(execution: Execution, machine: Machine) {
  const { executionArn, name, input, startDate } = execution.meta;
  return {
    Execution: {
      Id: executionArn,
      Name: name,
      Input: JSON.parse(input),
      StartTime: new Date(startDate).toISOString(),
    },
    StateMachine: { Id: machine.arn, Name: machine.name },
    Task: { Token: TASK_TOKEN_PLACEHOLDER },
  };
}
