import type { StateMachine } from 'aws-local-stepfunctions';

/** One run of the engine, as `StateMachine.run` returns it. */
export type EngineRun = ReturnType<StateMachine['run']>;

/** An event of the engine's own event log. */
export type EngineEvent =
  EngineRun['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;

/** The ASL definition type the engine accepts. */
export type AslDefinition = ConstructorParameters<typeof StateMachine>[0];
