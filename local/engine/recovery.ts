import type { Execution } from './execution';
import type { RunStart } from './launch';
import type { PersistedExecution } from './store';
import type { EngineLogger, RecoveryReport } from './types';

export interface RecoveryHooks {
  readonly logger: EngineLogger;
  readonly onInterrupted?: (
    execution: ReturnType<Execution['describe']>,
  ) => void | Promise<void>;
  /** Takes a stored execution into the engine; undefined if known. */
  adopt(record: PersistedExecution): Execution | undefined;
  /** The record is parked in a top-level callback task of its machine. */
  canResumeIn(record: PersistedExecution): boolean;
  resume(execution: Execution, start: RunStart): void;
}

/**
 * Brings stored executions back after a restart.
 *
 * An execution parked in a top-level `waitForTaskToken` state resumes
 * there. The engine cannot start a run at a given state, so the unchanged
 * definition runs with `StartAt` set to the parked state and the state's
 * stored input as the run input; the history continues where it stopped.
 * The state's function is invoked again with a new token (the wait
 * functions are idempotent and store the new token), and the wait keeps
 * its original deadline and heartbeat deadline: a deadline that passed
 * while the runtime was down takes the timeout path at once.
 *
 * An execution that was running but not parked was caught mid-step: its
 * step cannot be resumed safely, so it is marked `FAILED` with
 * `Runtime.Interrupted` and handed to `onInterrupted`, which may start the
 * conversation again.
 */
export async function recoverExecutions(
  stored: readonly PersistedExecution[],
  hooks: RecoveryHooks,
): Promise<RecoveryReport> {
  const resumed: string[] = [];
  const interrupted: Execution[] = [];
  for (const record of stored) {
    const execution = hooks.adopt(record);
    if (!execution || record.status !== 'RUNNING') continue;
    if (record.parked && hooks.canResumeIn(record)) {
      const { stateName, stateInput, ...point } = record.parked;
      hooks.resume(execution, { stateName, input: stateInput, point });
      resumed.push(record.executionArn);
    } else {
      execution.finish('FAILED', {
        error: 'Runtime.Interrupted',
        cause: 'The local runtime stopped while the execution was in a step',
      });
      interrupted.push(execution);
    }
  }
  hooks.logger.info('Recovered executions', {
    stored: stored.length,
    resumed: resumed.length,
    interrupted: interrupted.length,
  });
  for (const execution of interrupted) {
    try {
      await hooks.onInterrupted?.(execution.describe());
    } catch (error) {
      hooks.logger.error('Re-driving an interrupted execution failed', {
        execution_arn: execution.meta.executionArn,
        error,
      });
    }
  }
  return {
    resumed,
    interrupted: interrupted.map((e) => e.meta.executionArn),
  };
}
