import type { HistoryEventType } from '@aws-sdk/client-sfn';
import { HaltedError } from './errors';
import { type EventDetails, ExecutionHistory, json } from './history';
import type { EngineEvent, EngineRun } from './run-types';
import { PERSISTED_HISTORY_LIMIT, type PersistedExecution } from './store';
import type { ResumePoint, StartRequest, TaskRuntime } from './task-runtime';
import type { TaskTokens, TaskWait, WaitOptions } from './tokens';
import type {
  ExecutionDescription,
  ExecutionListItem,
  ExecutionStatus,
  LambdaInvoker,
  ParkedWait,
} from './types';

/** What an execution uses of its engine. */
export interface EngineServices {
  readonly invoker: LambdaInvoker;
  readonly tokens: TaskTokens;
  readonly region: string;
  startExecution: TaskRuntime['startExecution'];
  persist(execution: Execution): Promise<void>;
}

/** What identifies an execution and never changes. */
export type ExecutionMeta = Pick<
  PersistedExecution,
  'executionArn' | 'stateMachineArn' | 'name' | 'input' | 'startDate'
>;

type Outcome = Pick<ExecutionDescription, 'output' | 'error' | 'cause'>;

const END_EVENTS: Readonly<Record<string, HistoryEventType>> = {
  SUCCEEDED: 'ExecutionSucceeded',
  FAILED: 'ExecutionFailed',
  TIMED_OUT: 'ExecutionTimedOut',
  ABORTED: 'ExecutionAborted',
};

/**
 * One execution: its record and history, and the control of the engine
 * run that drives it. It is the `TaskRuntime` its Task states use.
 */
export class Execution implements TaskRuntime {
  status: ExecutionStatus;
  stopDate?: number;
  outcome: Outcome = {};
  parked?: ParkedWait;
  readonly history: ExecutionHistory;
  readonly halted: Promise<never>;
  readonly ended: Promise<void>;
  private haltWith!: (error: Error) => void;
  private markEnded!: () => void;
  private haltedFlag = false;
  private detached = false;
  private run?: EngineRun;
  private resume?: { stateName: string; point: ResumePoint };
  private readonly waits = new Set<TaskWait>();

  readonly meta: ExecutionMeta;

  constructor(
    meta: ExecutionMeta,
    private readonly services: EngineServices,
    stored?: PersistedExecution,
  ) {
    const { executionArn, stateMachineArn, name, input, startDate } = meta;
    this.meta = { executionArn, stateMachineArn, name, input, startDate };
    this.status = stored?.status ?? 'RUNNING';
    this.stopDate = stored?.stopDate;
    this.outcome = {
      output: stored?.output,
      error: stored?.error,
      cause: stored?.cause,
    };
    this.parked = stored?.parked;
    this.history = new ExecutionHistory(stored?.history, stored?.nextEventId);
    this.halted = new Promise<never>((_, reject) => {
      this.haltWith = reject;
    });
    this.halted.catch(() => undefined);
    this.ended = new Promise((resolve) => {
      this.markEnded = resolve;
    });
    if (this.status !== 'RUNNING') this.markEnded();
  }

  get invoker(): LambdaInvoker {
    return this.services.invoker;
  }

  /** Opens a callback wait; a stop or shutdown ends it at once. */
  openWait(options: WaitOptions): TaskWait {
    const wait = this.services.tokens.open({
      ...options,
      onEnd: (ended) => this.waits.delete(ended),
    });
    if (!wait.isSettled) this.waits.add(wait);
    if (this.haltedFlag) wait.cancel();
    return wait;
  }

  get region(): string {
    return this.services.region;
  }

  /** Drives this execution with `run`, resuming in a parked state if given. */
  attach(run: EngineRun, resume?: { stateName: string; point: ResumePoint }) {
    this.run = run;
    this.resume = resume;
    run.result.catch(() => undefined);
    void this.follow(run);
  }

  isHalted(): boolean {
    return this.haltedFlag;
  }

  record(type: HistoryEventType, details?: EventDetails): void {
    if (this.status === 'RUNNING' && !this.detached) {
      this.history.add(type, details);
    }
  }

  startExecution(request: StartRequest) {
    return this.services.startExecution(request);
  }

  takeResume(stateName: string): ResumePoint | undefined {
    if (this.resume?.stateName !== stateName) return undefined;
    const { point } = this.resume;
    this.resume = undefined;
    return point;
  }

  park(wait: ParkedWait): void {
    if (this.status !== 'RUNNING' || this.detached) return;
    this.parked = wait;
    this.persist();
  }

  touchHeartbeat(heartbeatDeadline: number): void {
    if (!this.parked || this.detached) return;
    this.parked = { ...this.parked, heartbeatDeadline };
    this.persist();
  }

  unpark(): void {
    if (!this.parked || this.detached) return;
    this.parked = undefined;
    this.persist();
  }

  /** Ends the execution with `status`, unless it already ended. */
  finish(status: Exclude<ExecutionStatus, 'RUNNING'>, outcome: Outcome) {
    if (this.status !== 'RUNNING' || this.detached) return;
    const details =
      status === 'SUCCEEDED'
        ? { output: outcome.output, outputDetails: { truncated: false } }
        : { error: outcome.error, cause: outcome.cause };
    this.history.add(END_EVENTS[status] as HistoryEventType, details);
    this.status = status;
    this.stopDate = Date.now();
    this.outcome = outcome;
    this.parked = undefined;
    this.persist();
    this.markEnded();
  }

  /** `StopExecution`: aborts the execution and the engine run. */
  stop(error?: string, cause?: string): void {
    this.finish('ABORTED', { error, cause });
    this.halt();
  }

  /**
   * Lets go of the execution without settling it (engine shutdown): its
   * stored record stays as it is, to be recovered by the next engine.
   */
  detach(): void {
    this.detached = true;
    this.halt();
  }

  describe(): ExecutionDescription {
    return {
      ...this.listItem(),
      input: this.meta.input,
      ...definedOnly(this.outcome),
    };
  }

  listItem(): ExecutionListItem {
    const { executionArn, stateMachineArn, name, startDate } = this.meta;
    return {
      executionArn,
      stateMachineArn,
      name,
      status: this.status,
      startDate: new Date(startDate),
      ...(this.stopDate ? { stopDate: new Date(this.stopDate) } : {}),
    };
  }

  toRecord(): PersistedExecution {
    return {
      version: 1,
      ...this.meta,
      status: this.status,
      stopDate: this.stopDate,
      ...definedOnly(this.outcome),
      parked: this.parked,
      nextEventId: this.history.nextEventId,
      history: this.history.list(PERSISTED_HISTORY_LIMIT),
    };
  }

  private halt(): void {
    if (this.haltedFlag) return;
    this.haltedFlag = true;
    this.haltWith(new HaltedError());
    for (const wait of [...this.waits]) wait.cancel();
    this.run?.abort();
  }

  private persist(): void {
    if (!this.detached) void this.services.persist(this);
  }

  private async follow(run: EngineRun): Promise<void> {
    // The loop body stays synchronous: a Task yields one macrotask before
    // recording its events, so the engine's events are in by then.
    for await (const event of run.eventLogs) this.onEngineEvent(event);
    if (this.run === run) this.run = undefined;
  }

  private onEngineEvent(event: EngineEvent): void {
    if (this.status !== 'RUNNING' || this.detached) return;
    if (event.type === 'ExecutionSucceeded') {
      this.finish('SUCCEEDED', { output: json(event.output) });
    } else if (event.type === 'ExecutionFailed') {
      this.finish('FAILED', {
        error: event.Error,
        cause: causeText(event.Cause),
      });
    } else if (event.type === 'ExecutionTimeout') {
      this.finish('TIMED_OUT', { error: 'States.Timeout' });
    } else if (
      event.type !== 'StateEntered' ||
      // A resumed run enters its parked state again: no new transition.
      this.resume?.stateName !== event.state.name
    ) {
      this.history.addEngineEvent(event);
    }
  }
}

function causeText(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return json(cause);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, item]) => item !== undefined),
  ) as Partial<T>;
}
