import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ExecutionDescription,
  LocalStepFunctions,
  TaskTimedOut,
} from '../../../local/engine';
import {
  CALLBACK,
  definition,
  eventually,
  type FakeInvoker,
  fakeInvoker,
  LAMBDA,
} from './support';

const TEXT = definition({
  Route: {
    Type: 'Choice',
    Choices: [{ Variable: '$.stuck', BooleanEquals: true, Next: 'Slow' }],
    Default: 'Work',
  },
  Work: {
    Type: 'Task',
    Resource: LAMBDA,
    Parameters: { FunctionName: 'work' },
    ResultPath: null,
    Next: 'Wait',
  },
  Wait: {
    Type: 'Task',
    Resource: CALLBACK,
    Parameters: {
      FunctionName: 'park',
      Payload: { 'id.$': '$.id', 'taskToken.$': '$$.Task.Token' },
    },
    TimeoutSecondsPath: '$.idleSeconds',
    ResultPath: '$.wake',
    Catch: [
      {
        ErrorEquals: ['States.Timeout'],
        ResultPath: '$.failure',
        Next: 'Idle',
      },
    ],
    Next: 'Done',
  },
  Slow: {
    Type: 'Task',
    Resource: LAMBDA,
    Parameters: { FunctionName: 'slow' },
    Next: 'Done',
  },
  Idle: { Type: 'Pass', Result: 'idle', ResultPath: '$.closed', Next: 'Done' },
  Done: { Type: 'Succeed' },
});

function engineOn(
  dataDir: string,
  invoker: FakeInvoker,
  onInterrupted?: (execution: ExecutionDescription) => void,
) {
  const engine = new LocalStepFunctions({ dataDir, invoker, onInterrupted });
  const stateMachineArn = engine.createStateMachine('Toy', TEXT);
  return { engine, stateMachineArn };
}

const functions = () =>
  fakeInvoker({
    work: () => null,
    park: () => ({ parked: true }),
    slow: () => new Promise(() => undefined),
  });

describe('persistence and recover()', () => {
  let dataDir: string;
  let engines: LocalStepFunctions[];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'engine-'));
    engines = [];
  });
  afterEach(async () => {
    for (const engine of engines) await engine.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function runUntilParked(input: Record<string, unknown>) {
    const invoker = functions();
    const before = engineOn(dataDir, invoker);
    engines.push(before.engine);
    const { executionArn } = await before.engine.startExecution({
      stateMachineArn: before.stateMachineArn,
      name: 'parked',
      input: JSON.stringify({ id: 'c1', stuck: false, ...input }),
    });
    await eventually(() =>
      invoker.calls.some((c) => c.functionName === 'park'),
    );
    await before.engine.close();
    return executionArn;
  }

  it('stores a parked execution with its state, input, token and deadline', async () => {
    // Prepare
    const started = Date.now();

    // Act
    await runUntilParked({ idleSeconds: 600 });

    // Assess
    const stored = JSON.parse(
      await readFile(join(dataDir, 'executions', 'Toy.parked.json'), 'utf8'),
    );
    expect(stored).toMatchObject({
      status: 'RUNNING',
      name: 'parked',
      parked: {
        stateName: 'Wait',
        stateInput: { id: 'c1', stuck: false, idleSeconds: 600 },
        token: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
      },
    });
    expect(stored.parked.deadline).toBeGreaterThanOrEqual(started + 600_000);
    expect(stored.history.map((e: { type: string }) => e.type)).toContain(
      'TaskScheduled',
    );
  });

  it('resumes a parked execution that completes on the new token', async () => {
    // Prepare
    const executionArn = await runUntilParked({ idleSeconds: 600 });
    const invoker = functions();
    const after = engineOn(dataDir, invoker);
    engines.push(after.engine);

    // Act
    const report = await after.engine.recover();
    await eventually(() => invoker.calls.length === 1);
    const { taskToken } = invoker.calls[0]?.payload ?? {};
    after.engine.sendTaskSuccess(taskToken, '{"reason":"message"}');
    const execution = await after.engine.waitForExecution(executionArn, 3000);

    // Assess
    expect(report).toEqual({ resumed: [executionArn], interrupted: [] });
    expect(invoker.calls[0]).toMatchObject({
      functionName: 'park',
      payload: { id: 'c1' },
    });
    expect(JSON.parse(execution.output ?? '').wake).toEqual({
      reason: 'message',
    });
    const { events } = after.engine.getExecutionHistory(executionArn);
    expect(events.map((event) => event.id)).toEqual(
      events.map((_, index) => index + 1),
    );
    const waitEntries = events.filter(
      (e) => e.stateEnteredEventDetails?.name === 'Wait',
    );
    expect(waitEntries).toHaveLength(1);
  });

  it('takes the timeout path at once when the deadline passed while down', async () => {
    // Prepare
    const executionArn = await runUntilParked({ idleSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const invoker = functions();
    const after = engineOn(dataDir, invoker);
    engines.push(after.engine);

    // Act
    await after.engine.recover();
    const execution = await after.engine.waitForExecution(executionArn, 1000);

    // Assess
    expect(invoker.calls).toHaveLength(0);
    expect(JSON.parse(execution.output ?? '')).toMatchObject({
      closed: 'idle',
      failure: { Error: 'States.Timeout' },
    });
  });

  it('fails an execution caught mid-step and reports it', async () => {
    // Prepare
    const before = engineOn(dataDir, functions());
    engines.push(before.engine);
    const { executionArn } = await before.engine.startExecution({
      stateMachineArn: before.stateMachineArn,
      name: 'mid',
      input: '{"stuck":true}',
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await before.engine.close();
    const interrupted: ExecutionDescription[] = [];
    const after = engineOn(dataDir, functions(), (execution) => {
      interrupted.push(execution);
    });
    engines.push(after.engine);

    // Act
    const report = await after.engine.recover();

    // Assess
    expect(report).toEqual({ resumed: [], interrupted: [executionArn] });
    expect(after.engine.describeExecution(executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'Runtime.Interrupted',
    });
    expect(interrupted).toEqual([
      expect.objectContaining({ executionArn, input: '{"stuck":true}' }),
    ]);
  });

  it('keeps ended executions, so their names stay taken', async () => {
    // Prepare
    const executionArn = await runUntilParked({ idleSeconds: 600 });
    const middle = engineOn(dataDir, functions());
    engines.push(middle.engine);
    await middle.engine.recover();
    middle.engine.stopExecution(executionArn);
    await middle.engine.close();
    const after = engineOn(dataDir, functions());
    engines.push(after.engine);

    // Act
    await after.engine.recover();
    const restart = after.engine.startExecution({
      stateMachineArn: after.stateMachineArn,
      name: 'parked',
      input: '{"id":"c1","stuck":false,"idleSeconds":600}',
    });

    // Assess
    expect(after.engine.describeExecution(executionArn).status).toBe('ABORTED');
    await expect(restart).rejects.toThrow('Execution Already Exists');
  });

  it('answers TaskTimedOut for a token issued before the restart', async () => {
    // Prepare
    await runUntilParked({ idleSeconds: 600 });
    const stored = JSON.parse(
      await readFile(join(dataDir, 'executions', 'Toy.parked.json'), 'utf8'),
    );
    const after = engineOn(dataDir, functions());
    engines.push(after.engine);
    await after.engine.recover();

    // Act
    const send = () => after.engine.sendTaskSuccess(stored.parked.token, '{}');

    // Assess
    expect(send).toThrow(TaskTimedOut);
  });
});
