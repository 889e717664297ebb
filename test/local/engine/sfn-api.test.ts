import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import type { LocalStepFunctions } from '../../../local/engine';
import { type SfnApi, startSfnApi } from '../../../local/sfn-api';
import { CALLBACK, eventually, fakeInvoker, toyEngine } from './support';

const states = {
  Wait: {
    Type: 'Task',
    Resource: CALLBACK,
    Parameters: {
      FunctionName: 'park',
      Payload: { 'token.$': '$$.Task.Token' },
    },
    HeartbeatSeconds: 60,
    ResultPath: '$.wake',
    End: true,
  },
};

describe('startSfnApi', () => {
  const invoker = fakeInvoker({ park: () => null });
  let engine: LocalStepFunctions;
  let stateMachineArn: string;
  let api: SfnApi;
  let sfn: SFNClient;

  beforeEach(async () => {
    invoker.calls.length = 0;
    ({ engine, stateMachineArn } = toyEngine(states, invoker));
    api = await startSfnApi(engine, {});
    sfn = new SFNClient({ endpoint: api.url, region: 'us-east-1' });
  });
  afterEach(async () => {
    sfn.destroy();
    await api.close();
    await engine.close();
  });

  async function startParked(name: string) {
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name, input: '{"a":1}' }),
    );
    await eventually(() => invoker.calls.length > 0);
    return { started, token: invoker.calls.at(-1)?.payload.token as string };
  }

  it('starts, completes and describes an execution through the SDK', async () => {
    // Prepare
    const { started, token } = await startParked('one');

    // Act
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: token, output: '{"ok":true}' }),
    );
    await engine.waitForExecution(started.executionArn ?? '', 3000);
    const described = await sfn.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn }),
    );

    // Assess
    expect(started.startDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({
      status: 'SUCCEEDED',
      name: 'one',
      stateMachineArn,
      output: '{"a":1,"wake":{"ok":true}}',
    });
    expect(described.stopDate).toBeInstanceOf(Date);
  });

  it('returns the history and the executions in SDK shapes', async () => {
    // Prepare
    const { started } = await startParked('one');

    // Act
    const history = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: started.executionArn,
        maxResults: 2,
      }),
    );
    const listing = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }),
    );

    // Assess
    expect(history.events?.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
    ]);
    expect(history.events?.[0]?.timestamp).toBeInstanceOf(Date);
    expect(history.events?.[1]?.stateEnteredEventDetails?.name).toBe('Wait');
    expect(history.nextToken).toEqual(expect.any(String));
    expect(listing.executions?.map((e) => e.name)).toEqual(['one']);
  });

  it('stops an execution and fails on its dead token with TaskTimedOut', async () => {
    // Prepare
    const { started, token } = await startParked('one');

    // Act
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn: started.executionArn }),
    );
    const send = sfn.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'X' }),
    );

    // Assess
    expect(stopped.stopDate).toBeInstanceOf(Date);
    await expect(send).rejects.toBeInstanceOf(TaskTimedOut);
    await expect(send).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it.each([
    [
      'ExecutionAlreadyExists for a reused name',
      () =>
        new StartExecutionCommand({
          stateMachineArn,
          name: 'one',
          input: '{}',
        }),
      ExecutionAlreadyExists,
    ],
    [
      'InvalidToken for a malformed token',
      () => new SendTaskSuccessCommand({ taskToken: 'x', output: '{}' }),
      InvalidToken,
    ],
    [
      'ExecutionDoesNotExist for an unknown execution',
      () =>
        new DescribeExecutionCommand({
          executionArn: `${stateMachineArn.replace('stateMachine', 'execution')}:none`,
        }),
      ExecutionDoesNotExist,
    ],
  ])('raises %s', async (_, command, error) => {
    // Prepare
    await startParked('one');

    // Act
    const send = sfn.send(command() as never);

    // Assess
    await expect(send).rejects.toBeInstanceOf(error);
  });

  it.each([
    [
      'an unknown operation',
      'AWSStepFunctions.CreateActivity',
      '{}',
      'UnknownOperationException',
    ],
    [
      'a body that is not JSON',
      'AWSStepFunctions.StartExecution',
      '{',
      'SerializationException',
    ],
  ])('answers 400 for %s', async (_, target, body, type) => {
    // Act
    const response = await fetch(api.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': target,
      },
      body,
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: type });
  });
});
