import {
  InvalidOutput,
  InvalidToken,
  type LocalStepFunctions,
  TaskTimedOut,
} from '../../../local/engine';
import {
  CALLBACK,
  eventually,
  type FakeFunction,
  fakeInvoker,
  namedError,
  toyEngine,
} from './support';

const caught = (errors: string[], next: string) => ({
  ErrorEquals: errors,
  ResultPath: '$.failure',
  Next: next,
});

/** A machine whose `Wait` state parks in function `park`. */
function waitingMachine(
  park: FakeFunction,
  extra: Record<string, unknown> = {},
) {
  const invoker = fakeInvoker({ park });
  const toy = toyEngine(
    {
      Wait: {
        Type: 'Task',
        Resource: CALLBACK,
        Parameters: {
          FunctionName: 'park',
          Payload: {
            'conversationId.$': '$.id',
            'taskToken.$': '$$.Task.Token',
          },
        },
        ResultPath: '$.wake',
        Catch: [caught(['States.ALL'], 'Caught')],
        End: true,
        ...extra,
      },
      Caught: { Type: 'Pass', End: true },
    },
    invoker,
  );
  return { ...toy, invoker };
}

async function start(engine: LocalStepFunctions, arn: string, input: unknown) {
  const { executionArn } = await engine.startExecution({
    stateMachineArn: arn,
    input: JSON.stringify({ id: 'c1', ...(input as object) }),
  });
  return executionArn;
}

describe('lambda:invoke.waitForTaskToken', () => {
  let engine: LocalStepFunctions | undefined;
  afterEach(() => engine?.close());

  it('completes when the function sends the token before it returns', async () => {
    // Prepare
    const toy = waitingMachine(async ({ taskToken }) => {
      toy.engine.sendTaskSuccess(taskToken, '{"reason":"message"}');
      return { parked: false };
    });
    engine = toy.engine;

    // Act
    const arn = await start(engine, toy.stateMachineArn, {});
    const execution = await engine.waitForExecution(arn, 3000);

    // Assess
    expect(JSON.parse(execution.output ?? '')).toEqual({
      id: 'c1',
      wake: { reason: 'message' },
    });
    expect(toy.invoker.calls[0]?.payload.conversationId).toBe('c1');
  });

  it('waits for SendTaskSuccess after the function returned', async () => {
    // Prepare
    const toy = waitingMachine(() => ({ parked: true }));
    engine = toy.engine;
    const arn = await start(engine, toy.stateMachineArn, {});
    await eventually(() => toy.invoker.calls.length === 1);
    const { taskToken } = toy.invoker.calls[0]?.payload ?? {};

    // Act
    await new Promise((resolve) => setTimeout(resolve, 50));
    engine.sendTaskSuccess(taskToken, '{"reason":"message"}');
    const execution = await engine.waitForExecution(arn, 3000);

    // Assess
    expect(taskToken).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(JSON.parse(execution.output ?? '').wake).toEqual({
      reason: 'message',
    });
    const types = engine
      .getExecutionHistory(arn)
      .events.map((event) => event.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('routes SendTaskFailure to the Catch with its error and cause', async () => {
    // Prepare
    const toy = waitingMachine(({ taskToken }) => {
      setTimeout(() => {
        toy.engine.sendTaskFailure(taskToken, 'AgentDeclined', 'no agent');
      }, 20);
      return null;
    });
    engine = toy.engine;

    // Act
    const arn = await start(engine, toy.stateMachineArn, {});
    const execution = await engine.waitForExecution(arn, 3000);

    // Assess
    expect(JSON.parse(execution.output ?? '').failure).toEqual({
      Error: 'AgentDeclined',
      Cause: 'no agent',
    });
  });

  it('retries a function error with a fresh token', async () => {
    // Prepare
    const tokens: string[] = [];
    const toy = waitingMachine(
      ({ taskToken }) => {
        tokens.push(taskToken);
        if (tokens.length === 1) throw namedError('TransientError', 'busy');
        toy.engine.sendTaskSuccess(taskToken, '{}');
        return null;
      },
      {
        Retry: [
          {
            ErrorEquals: ['TransientError'],
            IntervalSeconds: 1,
            JitterStrategy: 'FULL',
          },
        ],
      },
    );
    engine = toy.engine;

    // Act
    const arn = await start(engine, toy.stateMachineArn, {});
    const execution = await engine.waitForExecution(arn, 3000);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(() => engine?.sendTaskSuccess(tokens[0] ?? '', '{}')).toThrow(
      TaskTimedOut,
    );
  });

  it('times out after TimeoutSecondsPath of the state input', async () => {
    // Prepare
    const toy = waitingMachine(() => null, {
      TimeoutSecondsPath: '$.limits.idleSeconds',
      Catch: [caught(['States.Timeout'], 'Caught')],
    });
    engine = toy.engine;
    const started = Date.now();

    // Act
    const arn = await start(engine, toy.stateMachineArn, {
      limits: { idleSeconds: 1 },
    });
    const execution = await engine.waitForExecution(arn, 3000);

    // Assess
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(JSON.parse(execution.output ?? '').failure).toEqual({
      Error: 'States.Timeout',
      Cause: '',
    });
    const timedOut = engine
      .getExecutionHistory(arn)
      .events.find((event) => event.type === 'TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails?.error).toBe('States.Timeout');
  });

  it('stays alive while heartbeats arrive, then times out on the heartbeat', async () => {
    // Prepare
    const toy = waitingMachine(() => null, {
      TimeoutSecondsPath: '$.limits.timeout',
      HeartbeatSecondsPath: '$.limits.heartbeat',
    });
    engine = toy.engine;
    const arn = await start(engine, toy.stateMachineArn, {
      limits: { timeout: 60, heartbeat: 1 },
    });
    await eventually(() => toy.invoker.calls.length === 1);
    const { taskToken } = toy.invoker.calls[0]?.payload ?? {};

    // Act
    for (let beat = 0; beat < 4; beat += 1) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      engine.sendTaskHeartbeat(taskToken);
    }
    const aliveAfterBeats = engine.describeExecution(arn).status;
    const execution = await engine.waitForExecution(arn, 3000);

    // Assess
    expect(aliveAfterBeats).toBe('RUNNING');
    expect(JSON.parse(execution.output ?? '').failure.Error).toBe(
      'States.HeartbeatTimeout',
    );
    expect(() => engine?.sendTaskHeartbeat(taskToken)).toThrow(TaskTimedOut);
  });

  it.each([
    ['a malformed token', 'not-a-token', '{}', InvalidToken],
    ['an unknown token', 'A'.repeat(86), '{}', TaskTimedOut],
  ])('rejects SendTaskSuccess with %s', (_, token, output, error) => {
    // Prepare
    const toy = waitingMachine(() => null);
    engine = toy.engine;

    // Act
    const send = () => toy.engine.sendTaskSuccess(token, output);

    // Assess
    expect(send).toThrow(error);
  });

  it('rejects SendTaskSuccess with output that is not JSON', async () => {
    // Prepare
    const toy = waitingMachine(() => null);
    engine = toy.engine;
    await start(engine, toy.stateMachineArn, {});
    await eventually(() => toy.invoker.calls.length === 1);
    const { taskToken } = toy.invoker.calls[0]?.payload ?? {};

    // Act
    const send = () => toy.engine.sendTaskSuccess(taskToken, '{oops');

    // Assess
    expect(send).toThrow(InvalidOutput);
  });
});
