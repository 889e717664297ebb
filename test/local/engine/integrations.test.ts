import { InvalidDefinition, LocalStepFunctions } from '../../../local/engine';
import {
  definition,
  fakeInvoker,
  LAMBDA,
  namedError,
  toyEngine,
} from './support';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:echo';

const retrying = {
  ErrorEquals: ['TransientError'],
  IntervalSeconds: 1,
  MaxAttempts: 2,
  JitterStrategy: 'FULL',
};

async function run(
  engine: LocalStepFunctions,
  stateMachineArn: string,
  input: unknown,
) {
  const { executionArn } = await engine.startExecution({
    stateMachineArn,
    input: JSON.stringify(input),
  });
  return engine.waitForExecution(executionArn, 5000);
}

describe('lambda:invoke', () => {
  let engine: LocalStepFunctions | undefined;
  afterEach(() => engine?.close());

  it('invokes the function by ARN and returns its Payload', async () => {
    // Prepare
    const invoker = fakeInvoker({ echo: (payload) => ({ got: payload }) });
    const toy = toyEngine(
      {
        Call: {
          Type: 'Task',
          Resource: LAMBDA,
          Parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$.in' },
          ResultPath: '$.result',
          End: true,
        },
      },
      invoker,
    );
    engine = toy.engine;

    // Act
    const execution = await run(engine, toy.stateMachineArn, { in: { a: 1 } });

    // Assess
    expect(invoker.calls).toEqual([
      { functionName: 'echo', payload: { a: 1 } },
    ]);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '')).toEqual({
      in: { a: 1 },
      result: {
        ExecutedVersion: '$LATEST',
        Payload: { got: { a: 1 } },
        StatusCode: 200,
      },
    });
  });

  it('retries a custom error, then succeeds', async () => {
    // Prepare
    let attempts = 0;
    const invoker = fakeInvoker({
      echo: () => {
        attempts += 1;
        if (attempts === 1) throw namedError('TransientError', 'busy');
        return 'ok';
      },
    });
    const toy = toyEngine(
      {
        Call: {
          Type: 'Task',
          Resource: LAMBDA,
          Parameters: { FunctionName: 'echo' },
          ResultSelector: { 'value.$': '$.Payload' },
          Retry: [retrying],
          End: true,
        },
      },
      invoker,
    );
    engine = toy.engine;

    // Act
    const execution = await run(engine, toy.stateMachineArn, {});

    // Assess
    expect(attempts).toBe(2);
    expect(execution.output).toBe('{"value":"ok"}');
  });

  it('catches a function error under ResultPath with the Lambda cause', async () => {
    // Prepare
    const invoker = fakeInvoker({
      echo: () => {
        throw namedError('ValidationError', 'bad turn');
      },
    });
    const toy = toyEngine(
      {
        Call: {
          Type: 'Task',
          Resource: LAMBDA,
          Parameters: { FunctionName: 'echo' },
          Retry: [retrying],
          Catch: [
            {
              ErrorEquals: ['States.ALL'],
              ResultPath: '$.failure',
              Next: 'Recovered',
            },
          ],
          End: true,
        },
        Recovered: { Type: 'Pass', End: true },
      },
      invoker,
    );
    engine = toy.engine;

    // Act
    const execution = await run(engine, toy.stateMachineArn, { keep: true });

    // Assess
    expect(invoker.calls).toHaveLength(1);
    expect(JSON.parse(execution.output ?? '')).toEqual({
      keep: true,
      failure: {
        Error: 'ValidationError',
        Cause: JSON.stringify({
          errorType: 'ValidationError',
          errorMessage: 'bad turn',
          trace: [],
        }),
      },
    });
  });

  it('fails the execution with the error when nothing catches it', async () => {
    // Prepare
    const invoker = fakeInvoker({
      echo: () => {
        throw namedError('ModelError', 'no answer');
      },
    });
    const toy = toyEngine(
      {
        Call: {
          Type: 'Task',
          Resource: LAMBDA,
          Parameters: { FunctionName: 'echo' },
          End: true,
        },
      },
      invoker,
    );
    engine = toy.engine;

    // Act
    const execution = await run(engine, toy.stateMachineArn, {});

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ModelError');
    expect(JSON.parse(execution.cause ?? '')).toMatchObject({
      errorMessage: 'no answer',
    });
  });

  it('times out after TimeoutSeconds with States.Timeout', async () => {
    // Prepare
    const invoker = fakeInvoker({ echo: () => new Promise(() => undefined) });
    const toy = toyEngine(
      {
        Call: {
          Type: 'Task',
          Resource: LAMBDA,
          Parameters: { FunctionName: 'echo' },
          TimeoutSeconds: 1,
          Catch: [
            {
              ErrorEquals: ['States.Timeout'],
              ResultPath: '$.failure',
              Next: 'Late',
            },
          ],
          End: true,
        },
        Late: { Type: 'Pass', End: true },
      },
      invoker,
    );
    engine = toy.engine;

    // Act
    const execution = await run(engine, toy.stateMachineArn, {});

    // Assess
    expect(JSON.parse(execution.output ?? '')).toEqual({
      failure: { Error: 'States.Timeout', Cause: '' },
    });
  });
});

describe('states:startExecution', () => {
  let engine: LocalStepFunctions | undefined;
  afterEach(() => engine?.close());

  const states = {
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.child', IsPresent: true, Next: 'Child' }],
      Default: 'Continue',
    },
    Continue: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution',
      Parameters: {
        'StateMachineArn.$': '$$.StateMachine.Id',
        Name: 'next',
        Input: { child: true, 'parent.$': '$$.Execution.Id' },
      },
      Catch: [
        {
          ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'],
          ResultPath: '$.failure',
          Next: 'Exists',
        },
      ],
      End: true,
    },
    Exists: { Type: 'Pass', End: true },
    Child: { Type: 'Succeed' },
  };

  it('starts an execution of the machine with the given name and input', async () => {
    // Prepare
    const toy = toyEngine(states, fakeInvoker({}));
    engine = toy.engine;

    // Act
    const parent = await run(engine, toy.stateMachineArn, {});

    // Assess
    const child = engine.describeExecution(
      `${toy.stateMachineArn.replace(':stateMachine:', ':execution:')}:next`,
    );
    expect(JSON.parse(child.input)).toEqual({
      child: true,
      parent: parent.executionArn,
    });
    expect(JSON.parse(parent.output ?? '')).toMatchObject({
      ExecutionArn: child.executionArn,
    });
  });

  it('raises StepFunctions.ExecutionAlreadyExistsException for a used name', async () => {
    // Prepare
    const toy = toyEngine(states, fakeInvoker({}));
    engine = toy.engine;
    await run(engine, toy.stateMachineArn, {});

    // Act
    const second = await run(engine, toy.stateMachineArn, {});

    // Assess
    expect(JSON.parse(second.output ?? '')).toMatchObject({
      failure: { Error: 'StepFunctions.ExecutionAlreadyExistsException' },
    });
  });
});

describe('createStateMachine', () => {
  const engine = new LocalStepFunctions({
    dataDir: undefined,
    invoker: fakeInvoker({}),
  });

  it.each([
    ['an AWS SDK integration', 'arn:aws:states:::aws-sdk:s3:getObject'],
    ['a DynamoDB integration', 'arn:aws:states:::dynamodb:putItem'],
    ['a nested sync execution', 'arn:aws:states:::states:startExecution.sync'],
    ['an activity', 'arn:aws:states:us-east-1:000000000000:activity:work'],
  ])('throws InvalidDefinition for %s', (_, resource) => {
    // Prepare
    const text = definition({
      Work: { Type: 'Task', Resource: resource, End: true },
    });

    // Act
    const create = () => engine.createStateMachine('Bad', text);

    // Assess
    expect(create).toThrow(InvalidDefinition);
  });

  it('throws InvalidDefinition for a definition that fails validation', () => {
    // Prepare
    const text = definition({ Work: { Type: 'Pass', Next: 'Missing' } });

    // Act
    const create = () => engine.createStateMachine('Bad', text);

    // Assess
    expect(create).toThrow(InvalidDefinition);
  });
});
