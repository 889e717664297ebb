import './polyfill';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  assertValidName,
  executionArn,
  parseExecutionArn,
  parseStateMachineArn,
  stateMachineArn,
} from './arn';
import { compileDefinition } from './compile';
import {
  EngineClosedError,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidExecutionInput,
  StateMachineDoesNotExist,
} from './errors';
import { type EngineServices, Execution } from './execution';
import { toHistoryEvent } from './history';
import { launchRun, type Machine } from './launch';
import { page } from './paging';
import { recoverExecutions } from './recovery';
import { ExecutionStore, type PersistedExecution } from './store';
import { TaskTokens } from './tokens';
import type {
  EngineLogger,
  ExecutionDescription,
  ExecutionsPage,
  HistoryPage,
  HistoryPageRequest,
  ListExecutionsRequest,
  LocalStepFunctionsOptions,
  RecoveryReport,
  StartExecutionInput,
  StartExecutionResult,
} from './types';

const SILENT: EngineLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * A local Step Functions (Standard) on aws-local-stepfunctions: runs ASL
 * definitions unchanged, with `lambda:invoke`, `lambda:invoke.
 * waitForTaskToken` (task tokens, timeouts, heartbeats) and
 * `states:startExecution` integrations, AWS-shaped histories, and
 * executions that survive a restart when `dataDir` is set.
 *
 * @example
 * const engine = new LocalStepFunctions({ dataDir: undefined, invoker });
 * const arn = engine.createStateMachine('Conversation', definitionText);
 * const { executionArn } = await engine.startExecution({
 *   stateMachineArn: arn,
 * });
 */
export class LocalStepFunctions {
  readonly region: string;
  readonly accountId: string;
  private readonly machines = new Map<string, Machine>();
  private readonly executions = new Map<string, Execution>();
  private readonly tokens = new TaskTokens();
  private readonly store: ExecutionStore;
  private readonly logger: EngineLogger;
  private readonly services: EngineServices;
  private closed = false;

  constructor(private readonly options: LocalStepFunctionsOptions) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.logger = options.logger ?? SILENT;
    this.store = new ExecutionStore(options.dataDir, this.logger);
    this.services = {
      invoker: options.invoker,
      tokens: this.tokens,
      region: this.region,
      startExecution: async (request) => this.startExecution(request),
      persist: (execution) =>
        this.store.save(execution.meta.executionArn, () =>
          execution.toRecord(),
        ),
    };
  }

  /**
   * Registers (or replaces) a state machine; returns its ARN. Throws
   * `InvalidDefinition` for invalid ASL or a Task resource it cannot run.
   */
  createStateMachine(name: string, definition: string): string {
    assertValidName(name, 'state machine');
    const compiled = compileDefinition(definition);
    for (const spec of compiled.tasks.values()) {
      if (spec.kind === 'lambdaCallback' && !spec.usesTaskToken) {
        this.logger.warn('Callback task does not pass $$.Task.Token', {
          state: spec.stateName,
        });
      }
    }
    const arn = stateMachineArn({
      region: this.region,
      accountId: this.accountId,
      name,
    });
    this.machines.set(arn, { arn, name, compiled });
    return arn;
  }

  /**
   * Starts an execution. Like Standard workflows, a repeated start with
   * the same name and input while it runs returns the running execution;
   * any other reuse of a name throws `ExecutionAlreadyExists`.
   */
  async startExecution(
    request: StartExecutionInput,
  ): Promise<StartExecutionResult> {
    this.assertOpen();
    const machine = this.machine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    assertValidName(name, 'execution');
    const input = request.input ?? '{}';
    const parsed = parseInput(input);
    const arn = executionArn({
      region: this.region,
      accountId: this.accountId,
      name: machine.name,
      executionName: name,
    });
    const existing = this.executions.get(arn);
    if (existing) return this.reuse(existing, parsed);

    const execution = new Execution(
      {
        executionArn: arn,
        stateMachineArn: machine.arn,
        name,
        input,
        startDate: Date.now(),
      },
      this.services,
    );
    this.executions.set(arn, execution);
    execution.record('ExecutionStarted', {
      input,
      inputDetails: { truncated: false },
    });
    launchRun(execution, machine, this.region);
    await this.services.persist(execution);
    return { executionArn: arn, startDate: new Date(execution.meta.startDate) };
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    this.assertOpen();
    this.tokens.succeed(taskToken, output);
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.assertOpen();
    this.tokens.fail(taskToken, error, cause);
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.assertOpen();
    this.tokens.heartbeat(taskToken);
  }

  describeExecution(executionArn: string): ExecutionDescription {
    return this.execution(executionArn).describe();
  }

  /** History pages; without `maxResults` the whole history at once. */
  getExecutionHistory(
    executionArn: string,
    request: HistoryPageRequest = {},
  ): HistoryPage {
    const events = this.execution(executionArn).history.list();
    const ordered = request.reverseOrder ? [...events].reverse() : events;
    const { items, nextToken } = page(ordered, request);
    return { events: items.map(toHistoryEvent), nextToken };
  }

  /** Executions of a state machine, newest first. */
  listExecutions(request: ListExecutionsRequest): ExecutionsPage {
    const machine = this.machine(request.stateMachineArn);
    const matching = [...this.executions.values()]
      .filter((e) => e.meta.stateMachineArn === machine.arn)
      .filter((e) => !request.statusFilter || e.status === request.statusFilter)
      .sort((a, b) => b.meta.startDate - a.meta.startDate);
    const { items, nextToken } = page(matching, request);
    return { executions: items.map((e) => e.listItem()), nextToken };
  }

  /** Aborts a running execution; a no-op for one that ended. */
  stopExecution(executionArn: string, error?: string, cause?: string) {
    this.assertOpen();
    const execution = this.execution(executionArn);
    execution.stop(error, cause);
    return { stopDate: new Date(execution.stopDate ?? Date.now()) };
  }

  /** Resolves with the execution once it ended; rejects after `timeoutMs`. */
  async waitForExecution(
    executionArn: string,
    timeoutMs: number,
  ): Promise<ExecutionDescription> {
    const execution = this.execution(executionArn);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Execution still running: ${executionArn}`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([execution.ended, timeout]);
      return execution.describe();
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Reloads the executions stored under `dataDir` after a restart. Create
   * the state machines first. See `recoverExecutions` for what happens to
   * the ones that were running.
   */
  async recover(): Promise<RecoveryReport> {
    this.assertOpen();
    const stored = await this.store.loadAll();
    return recoverExecutions(stored, {
      logger: this.logger,
      onInterrupted: this.options.onInterrupted,
      adopt: (record) => this.adopt(record),
      resume: (execution, start) =>
        launchRun(
          execution,
          this.machine(execution.meta.stateMachineArn),
          this.region,
          start,
        ),
      canResumeIn: (record) => this.canResumeIn(record),
    });
  }

  /**
   * Stops every timer and run without settling anything: running
   * executions keep their stored state for the next `recover()`.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const execution of this.executions.values()) execution.detach();
    await this.store.flush();
  }

  private reuse(existing: Execution, input: unknown): StartExecutionResult {
    const sameInput = isDeepStrictEqual(JSON.parse(existing.meta.input), input);
    if (existing.status === 'RUNNING' && sameInput) {
      const { executionArn, startDate } = existing.meta;
      return { executionArn, startDate: new Date(startDate) };
    }
    throw new ExecutionAlreadyExists(
      `Execution Already Exists: '${existing.meta.executionArn}'`,
    );
  }

  private adopt(record: PersistedExecution): Execution | undefined {
    if (this.executions.has(record.executionArn)) return undefined;
    const execution = new Execution(record, this.services, record);
    this.executions.set(record.executionArn, execution);
    return execution;
  }

  private canResumeIn(record: PersistedExecution): boolean {
    const machine = this.machines.get(record.stateMachineArn);
    const spec =
      record.parked && machine?.compiled.tasks.get(record.parked.stateName);
    return Boolean(spec && spec.kind === 'lambdaCallback' && spec.topLevel);
  }

  private machine(arn: string): Machine {
    parseStateMachineArn(arn);
    const machine = this.machines.get(arn);
    if (!machine) {
      throw new StateMachineDoesNotExist(
        `State Machine Does Not Exist: '${arn}'`,
      );
    }
    return machine;
  }

  private execution(arn: string): Execution {
    parseExecutionArn(arn);
    const execution = this.executions.get(arn);
    if (!execution) {
      throw new ExecutionDoesNotExist(`Execution Does Not Exist: '${arn}'`);
    }
    return execution;
  }

  private assertOpen(): void {
    if (this.closed) throw new EngineClosedError('The engine is closed');
  }
}

function parseInput(input: string): unknown {
  try {
    return JSON.parse(input);
  } catch {
    throw new InvalidExecutionInput('Invalid State Machine Execution Input');
  }
}
