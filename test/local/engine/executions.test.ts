import {
  countStateTransitions,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  type LocalStepFunctions,
  StateMachineDoesNotExist,
} from '../../../local/engine';
import {
  CALLBACK,
  eventually,
  fakeInvoker,
  LAMBDA,
  toyEngine,
} from './support';

const states = {
  Begin: {
    Type: 'Choice',
    Choices: [{ Variable: '$.park', BooleanEquals: true, Next: 'Wait' }],
    Default: 'Label',
  },
  Label: {
    Type: 'Pass',
    Result: 'labelled',
    ResultPath: '$.label',
    Next: 'Work',
  },
  Work: {
    Type: 'Task',
    Resource: LAMBDA,
    Parameters: { FunctionName: 'work', 'Payload.$': '$' },
    ResultSelector: { 'done.$': '$.Payload.done' },
    ResultPath: '$.work',
    Next: 'Done',
  },
  Wait: {
    Type: 'Task',
    Resource: CALLBACK,
    Parameters: {
      FunctionName: 'park',
      Payload: { 'token.$': '$$.Task.Token' },
    },
    Next: 'Done',
  },
  Done: { Type: 'Succeed' },
};

describe('LocalStepFunctions executions', () => {
  let engine: LocalStepFunctions;
  let stateMachineArn: string;
  const invoker = fakeInvoker({
    work: () => ({ done: true }),
    park: () => null,
  });

  beforeEach(() => {
    invoker.calls.length = 0;
    ({ engine, stateMachineArn } = toyEngine(states, invoker));
  });
  afterEach(() => engine.close());

  it('returns the running execution for a repeated start with the same input', async () => {
    // Prepare
    const request = { stateMachineArn, name: 'seg-1', input: '{"park":true}' };
    const first = await engine.startExecution(request);

    // Act
    const second = await engine.startExecution({
      ...request,
      input: '{ "park": true }',
    });

    // Assess
    expect(second).toEqual(first);
    expect(engine.listExecutions({ stateMachineArn }).executions).toHaveLength(
      1,
    );
  });

  it.each([
    ['a different input while running', '{"park":true,"other":1}', true],
    ['the same input after it ended', '{"park":false}', false],
  ])('throws ExecutionAlreadyExists for %s', async (_, input, park) => {
    // Prepare
    const first = await engine.startExecution({
      stateMachineArn,
      name: 'seg-1',
      input: park ? '{"park":true}' : '{"park":false}',
    });
    if (!park) await engine.waitForExecution(first.executionArn, 3000);

    // Act
    const again = engine.startExecution({
      stateMachineArn,
      name: 'seg-1',
      input,
    });

    // Assess
    await expect(again).rejects.toThrow(ExecutionAlreadyExists);
  });

  it.each([
    ['an invalid name', { name: 'has space' }, InvalidName],
    ['a name over 80 characters', { name: 'x'.repeat(81) }, InvalidName],
    ['input that is not JSON', { input: '{' }, InvalidExecutionInput],
    ['a malformed ARN', { stateMachineArn: 'Toy' }, InvalidArn],
    [
      'an unknown state machine',
      {
        stateMachineArn:
          'arn:aws:states:us-east-1:000000000000:stateMachine:No',
      },
      StateMachineDoesNotExist,
    ],
  ])('rejects a start with %s', async (_, override, error) => {
    // Act
    const start = engine.startExecution({ stateMachineArn, ...override });

    // Assess
    await expect(start).rejects.toThrow(error);
  });

  it('throws ExecutionDoesNotExist for an unknown execution', () => {
    // Prepare
    const arn = 'arn:aws:states:us-east-1:000000000000:execution:Toy:none';

    // Act
    const describe = () => engine.describeExecution(arn);

    // Assess
    expect(describe).toThrow(ExecutionDoesNotExist);
  });

  it('records an AWS-shaped history with one transition per state entered', async () => {
    // Prepare
    const { executionArn } = await engine.startExecution({
      stateMachineArn,
      input: '{"park":false}',
    });

    // Act
    await engine.waitForExecution(executionArn, 3000);
    const { events } = engine.getExecutionHistory(executionArn);

    // Assess
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'PassStateEntered',
      'PassStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((event) => event.id)).toEqual(
      events.map((_, index) => index + 1),
    );
    expect(events[1]).toMatchObject({
      previousEventId: 1,
      stateEnteredEventDetails: { name: 'Begin', input: '{"park":false}' },
    });
    expect(events[7]?.timestamp).toBeInstanceOf(Date);
    expect(events[6]?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
    });
    expect(countStateTransitions(events)).toBe(4);
  });

  it('pages the history in either order', async () => {
    // Prepare
    const { executionArn } = await engine.startExecution({
      stateMachineArn,
      input: '{"park":false}',
    });
    await engine.waitForExecution(executionArn, 3000);

    // Act
    const first = engine.getExecutionHistory(executionArn, {
      reverseOrder: true,
      maxResults: 10,
    });
    const rest = engine.getExecutionHistory(executionArn, {
      reverseOrder: true,
      maxResults: 10,
      nextToken: first.nextToken,
    });

    // Assess
    expect(first.events[0]?.type).toBe('ExecutionSucceeded');
    expect(rest.events.map((event) => event.id)).toEqual([3, 2, 1]);
    expect(rest.nextToken).toBeUndefined();
  });

  it('stops a waiting execution and kills its token', async () => {
    // Prepare
    const { executionArn } = await engine.startExecution({
      stateMachineArn,
      input: '{"park":true}',
    });
    await eventually(() => invoker.calls.length === 1);
    const { token } = invoker.calls[0]?.payload ?? {};

    // Act
    engine.stopExecution(executionArn, 'Operator', 'test stop');

    // Assess
    const stopped = engine.describeExecution(executionArn);
    expect(stopped).toMatchObject({
      status: 'ABORTED',
      error: 'Operator',
      cause: 'test stop',
    });
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(() => engine.sendTaskSuccess(token, '{}')).toThrow('Task Timed Out');
    const { events } = engine.getExecutionHistory(executionArn, {
      reverseOrder: true,
      maxResults: 1,
    });
    expect(events[0]?.type).toBe('ExecutionAborted');
  });

  it('lists executions newest first, filtered by status', async () => {
    // Prepare
    const done = await engine.startExecution({
      stateMachineArn,
      name: 'a',
      input: '{"park":false}',
    });
    await engine.waitForExecution(done.executionArn, 3000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await engine.startExecution({
      stateMachineArn,
      name: 'b',
      input: '{"park":true}',
    });

    // Act
    const all = engine.listExecutions({ stateMachineArn });
    const running = engine.listExecutions({
      stateMachineArn,
      statusFilter: 'RUNNING',
    });

    // Assess
    expect(all.executions.map((e) => e.name)).toEqual(['b', 'a']);
    expect(running.executions.map((e) => e.name)).toEqual(['b']);
  });
});
