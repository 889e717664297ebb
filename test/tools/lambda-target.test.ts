import {
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
  ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { TransientError } from '../../functions/shared/errors';
import { ToolError } from '../../functions/shared/store/errors';
import { findTool } from '../../functions/shared/tool-catalogue';
import { runExternalTool } from '../../functions/shared/tool-targets';
import {
  callLambdaTool,
  type LambdaTool,
} from '../../functions/shared/tool-targets/lambda';
import { FUNCTION_ARN, tenantWithTools } from './fixtures';

const lambda = mockClient(LambdaClient);
const client = new LambdaClient({});
const CONTEXT = {
  tenantId: 'acme',
  conversationId: 'conv-1',
  idempotencyKey: 'acme:conv-1:tooluse-1',
};
const TOOL: LambdaTool = {
  name: 'check_stock',
  target: { type: 'lambda', functionArn: FUNCTION_ARN, timeoutMs: 3000 },
};
const INPUT = { item_id: '4913791348' };

const payload = (value: unknown) =>
  Buffer.from(JSON.stringify(value)) as unknown as Uint8Array;
const invoke = () => callLambdaTool(TOOL, INPUT, CONTEXT, client);
const metadata = (status: number) => ({
  $metadata: { httpStatusCode: status },
});

beforeEach(() => lambda.reset());

describe('the Lambda target', () => {
  it('invokes the function with the call and returns its JSON', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: payload({ in_stock: 4 }) as never,
    });

    // Act
    const result = await invoke();

    // Assess
    expect(result).toEqual({ in_stock: 4 });
    const [call] = lambda.commandCalls(InvokeCommand);
    const input = call.args[0].input;
    expect(input.FunctionName).toBe(FUNCTION_ARN);
    expect(input.InvocationType).toBe('RequestResponse');
    expect(
      JSON.parse(Buffer.from(input.Payload as Uint8Array).toString()),
    ).toEqual({
      tool: 'check_stock',
      input: INPUT,
      tenantId: 'acme',
      conversationId: 'conv-1',
      idempotencyKey: 'acme:conv-1:tooluse-1',
    });
  });

  it('turns an error the function threw into a tool error', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: payload({
        errorType: 'Error',
        errorMessage: 'Unknown item 4913791348',
        trace: ['at handler (index.js:1:1)'],
      }) as never,
    });

    // Act
    const result = invoke();

    // Assess
    await expect(result).rejects.toThrow(ToolError);
    await expect(result).rejects.toThrow(
      'check_stock failed: Unknown item 4913791348',
    );
  });

  it.each([
    [
      'throttling',
      new TooManyRequestsException({ message: 'Rate', ...metadata(429) }),
    ],
    [
      'a service failure',
      new ServiceException({ message: 'x', ...metadata(500) }),
    ],
    [
      'a broken connection',
      Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
    ],
  ])('leaves %s to the workflow’s retry', async (_, error) => {
    // Prepare
    lambda.on(InvokeCommand).rejects(error);

    // Act & Assess
    await expect(invoke()).rejects.toThrow(TransientError);
  });

  it('says the tool is unavailable when the function does not exist', async () => {
    // Prepare
    lambda.on(InvokeCommand).rejects(
      new ResourceNotFoundException({
        message: 'Function not found',
        ...metadata(404),
      }),
    );

    // Act
    const result = invoke();

    // Assess
    await expect(result).rejects.toThrow(ToolError);
    await expect(result).rejects.toThrow(
      'check_stock is unavailable right now',
    );
  });

  it('says the tool is unavailable when it does not answer in time', async () => {
    // Prepare
    lambda
      .on(InvokeCommand)
      .rejects(Object.assign(new Error('aborted'), { name: 'AbortError' }));

    // Act & Assess
    await expect(invoke()).rejects.toThrow(
      'check_stock is unavailable right now (no answer within 3000 ms)',
    );
  });

  it('passes the abort signal of the timeout to the SDK', async () => {
    // Prepare
    const send = jest.spyOn(client, 'send');
    lambda
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: payload(1) as never });

    // Act
    await invoke();

    // Assess
    const options = send.mock.calls[0][1] as { abortSignal?: AbortSignal };
    expect(options.abortSignal?.aborted).toBe(false);
    send.mockRestore();
  });

  it('refuses an answer above 64 KB', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: payload({ data: 'x'.repeat(70_000) }) as never,
    });

    // Act & Assess
    await expect(invoke()).rejects.toThrow(
      'check_stock answered with more than 64 KB',
    );
  });
});

describe('runExternalTool', () => {
  it('runs a tenant’s Lambda tool from its declaration', async () => {
    // Prepare
    lambda
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: payload('ok') as never });
    const declaration = findTool(tenantWithTools(), 'check_stock');

    // Act
    const result = await runExternalTool(declaration as never, INPUT, CONTEXT, {
      lambda: client,
    });

    // Assess
    expect(result).toBe('ok');
  });

  it('refuses a built-in tool', () => {
    // Prepare
    const declaration = findTool(tenantWithTools(), 'get_order_details');

    // Act & Assess
    expect(() => runExternalTool(declaration as never, {}, CONTEXT)).toThrow(
      'Tool get_order_details runs on the store target',
    );
  });
});
