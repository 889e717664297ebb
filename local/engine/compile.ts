import { StateMachine } from 'aws-local-stepfunctions';
import { InvalidDefinition } from './errors';
import type { AslDefinition } from './run-types';
import { MAX_TIMER_DELAY_MS } from './timers';

/** The Task resources the local engine runs, by kind. */
export const TASK_RESOURCES = {
  'arn:aws:states:::lambda:invoke': 'lambda',
  'arn:aws:states:::lambda:invoke.waitForTaskToken': 'lambdaCallback',
  'arn:aws:states:::states:startExecution': 'startExecution',
} as const;

export type TaskKind =
  | (typeof TASK_RESOURCES)[keyof typeof TASK_RESOURCES]
  | 'lambdaFunction';

const LAMBDA_FUNCTION_RESOURCE = /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:/;

/** What the engine needs to know about one Task state. */
export interface TaskSpec {
  readonly stateName: string;
  readonly kind: TaskKind;
  readonly resource: string;
  /** A state of the top-level `States`, not inside a Parallel or Map. */
  readonly topLevel: boolean;
  readonly hasInputPath: boolean;
  /** Its Parameters reference `$$.Task.Token`. */
  readonly usesTaskToken: boolean;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
}

export interface CompiledDefinition {
  /** The definition as given. */
  readonly definition: AslDefinition;
  /** The definition the engine runs (see `compileDefinition`). */
  readonly runDefinition: AslDefinition;
  /** Task states by name (names are unique across the whole machine). */
  readonly tasks: ReadonlyMap<string, TaskSpec>;
}

/** Key of the effective-input wrapper that carries the engine's inputs. */
export const TASK_META_KEY = '__localTask';
/** Key of the effective-input wrapper that carries the Parameters result. */
export const TASK_PARAMETERS_KEY = '__localParameters';

// TODO(local): one task attempt that runs longer than this (~24.8 days of
// uptime) is still cut by the engine with `States.Timeout`; the engine
// arms a single timer per attempt and cannot be told to wait longer. A
// restart re-arms it (recovery starts a new run); re-launching the run
// from the parked state before the limit would lift it.
/**
 * Seconds the engine's own per-task timer is set to: the longest a Node
 * timer allows. This layer enforces the real timeouts, so the engine's 60 s
 * default must not cut a callback task that waits for hours.
 */
export const ENGINE_TASK_TIMEOUT_SECONDS = Math.floor(
  MAX_TIMER_DELAY_MS / 1000,
);

type Json = Record<string, unknown>;

/**
 * Validates an ASL text and derives the definition the engine runs. Every
 * Task state is rewritten so that its effective input (which is all a task
 * override receives) also carries what the engine cannot give it: the
 * state's input, and `TimeoutSecondsPath`/`HeartbeatSecondsPath` resolved
 * by the engine's own JSONPath:
 * `{ __localTask: { input, timeoutSeconds?, heartbeatSeconds? },
 *    __localParameters: <Parameters result> }`.
 * Timeouts move out of the engine into this layer. Throws
 * `InvalidDefinition` for invalid ASL, JSONata, variables, or a Task
 * resource the local engine does not run (it never calls AWS).
 */
export function compileDefinition(text: string): CompiledDefinition {
  const definition = parse(text);
  const tasks = new Map<string, TaskSpec>();
  const runDefinition = rewriteMachine(definition, tasks, true);
  return {
    definition: definition as unknown as AslDefinition,
    runDefinition,
    tasks,
  };
}

function parse(text: string): Json {
  let definition: Json;
  try {
    definition = JSON.parse(text) as Json;
  } catch {
    throw new InvalidDefinition('The definition is not valid JSON');
  }
  try {
    // The validator adds defaults to what it checks: give it a copy.
    new StateMachine(structuredClone(definition) as unknown as AslDefinition);
  } catch (error) {
    throw new InvalidDefinition(
      error instanceof Error ? error.message : 'Invalid definition',
    );
  }
  if (definition.QueryLanguage === 'JSONata') {
    throw new InvalidDefinition('JSONata definitions are not supported');
  }
  return definition;
}

function rewriteMachine(
  machine: Json,
  tasks: Map<string, TaskSpec>,
  topLevel: boolean,
): AslDefinition {
  const states = machine.States as Record<string, Json>;
  const rewritten = Object.fromEntries(
    Object.entries(states).map(([name, state]) => [
      name,
      rewriteState(name, state, tasks, topLevel),
    ]),
  );
  return { ...machine, States: rewritten } as unknown as AslDefinition;
}

function rewriteState(
  name: string,
  state: Json,
  tasks: Map<string, TaskSpec>,
  topLevel: boolean,
): Json {
  if (state.QueryLanguage === 'JSONata') {
    throw new InvalidDefinition(
      `State '${name}' uses JSONata, which the local engine does not support`,
    );
  }
  for (const field of ['Assign', 'Arguments', 'Output']) {
    if (field in state) {
      throw new InvalidDefinition(
        `State '${name}' uses ${field}, which the local engine does not support`,
      );
    }
  }
  if (state.Type === 'Parallel') {
    const branches = state.Branches as Json[];
    return {
      ...state,
      Branches: branches.map((b) => rewriteMachine(b, tasks, false)),
    };
  }
  if (state.Type === 'Map') {
    const key = state.ItemProcessor ? 'ItemProcessor' : 'Iterator';
    const processor = rewriteMachine(state[key] as Json, tasks, false);
    return { ...state, [key]: processor };
  }
  if (state.Type !== 'Task') return state;

  const spec = taskSpec(name, state, topLevel);
  tasks.set(name, spec);
  return rewriteTask(state);
}

function taskSpec(name: string, state: Json, topLevel: boolean): TaskSpec {
  const resource = String(state.Resource);
  const kind =
    TASK_RESOURCES[resource as keyof typeof TASK_RESOURCES] ??
    (LAMBDA_FUNCTION_RESOURCE.test(resource) ? 'lambdaFunction' : undefined);
  if (!kind) {
    throw new InvalidDefinition(
      `State '${name}' uses Resource '${resource}', which the local engine does not run`,
    );
  }
  return {
    stateName: name,
    kind,
    resource,
    topLevel,
    hasInputPath: state.InputPath !== undefined && state.InputPath !== '$',
    usesTaskToken: JSON.stringify(state.Parameters ?? null).includes(
      '$$.Task.Token',
    ),
    timeoutSeconds: state.TimeoutSeconds as number | undefined,
    heartbeatSeconds: state.HeartbeatSeconds as number | undefined,
  };
}

function rewriteTask(state: Json): Json {
  const {
    TimeoutSeconds: _timeout,
    TimeoutSecondsPath,
    HeartbeatSeconds: _heartbeat,
    HeartbeatSecondsPath,
    Parameters,
    ...rest
  } = state;
  const meta: Json = { 'input.$': '$' };
  if (typeof TimeoutSecondsPath === 'string') {
    meta['timeoutSeconds.$'] = TimeoutSecondsPath;
  }
  if (typeof HeartbeatSecondsPath === 'string') {
    meta['heartbeatSeconds.$'] = HeartbeatSecondsPath;
  }
  const parameters =
    Parameters === undefined
      ? { [`${TASK_PARAMETERS_KEY}.$`]: '$' }
      : { [TASK_PARAMETERS_KEY]: Parameters };
  return {
    ...rest,
    TimeoutSeconds: ENGINE_TASK_TIMEOUT_SECONDS,
    Parameters: { [TASK_META_KEY]: meta, ...parameters },
  };
}
