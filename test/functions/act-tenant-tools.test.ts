import { KMSClient } from '@aws-sdk/client-kms';
import {
  InvokeCommand,
  LambdaClient,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import {
  DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { act, idempotencyKey } from '../../functions/act/act';
import { TransientError } from '../../functions/shared/errors';
import { MemoryStore } from '../../functions/shared/store/memory';
import { clearTenantCache } from '../../functions/shared/tenants';
import type { TenantConfig } from '../../schemas/tenant-config';
import type { ToolCall } from '../../schemas/turn';
import { storeJson } from '../store/fixtures';
import { fakeKms } from '../support/kms';
import { FUNCTION_ARN, lambdaTool, tenantWithTools } from '../tools/fixtures';

/**
 * The act step with tools a tenant declared itself: the same checks as
 * built-in tools, then a call of the tenant's Lambda function.
 */
const ddb = mockClient(DynamoDBDocumentClient);
const kms = mockClient(KMSClient);
const lambda = mockClient(LambdaClient);

const REF = {
  tenantId: 'acme',
  conversationId: 'conv-7',
  segment: 1,
  index: 3,
};

const call = (overrides: Partial<ToolCall> = {}): ToolCall => ({
  id: 'tooluse-1',
  name: 'check_stock',
  input: { item_id: '4913791348' },
  status: 'requested',
  round: 1,
  ...overrides,
});

const deps = () => ({
  storeFor: () => MemoryStore.fromJson(storeJson()),
  external: { lambda: new LambdaClient({}) },
});

function given(calls: ToolCall[], config: TenantConfig = tenantWithTools()) {
  ddb.on(GetCommand, { TableName: 'Conversations' }).resolves({
    Item: {
      ...REF,
      sequences: [5],
      intent: 'product_question',
      confidence: 0.9,
      route: 'answer',
      language: 'en',
      toolCalls: calls,
      startedAt: '2026-12-04T10:00:00.000Z',
    },
  });
  ddb
    .on(GetCommand, { TableName: 'Conversations', Key: { sk: 'PII' } })
    .resolves({});
  ddb.on(GetCommand, { TableName: 'Tenants' }).resolves({ Item: { config } });
}

function storedCalls(): ToolCall[] {
  const update = ddb.commandCalls(UpdateCommand).at(-1);
  return update?.args[0].input.ExpressionAttributeValues?.[':f0'] ?? [];
}

const answer = (value: unknown) => ({
  StatusCode: 200,
  Payload: Buffer.from(JSON.stringify(value)) as never,
});

const sentPayload = () => {
  const [invoke] = lambda.commandCalls(InvokeCommand);
  const payload = invoke?.args[0].input.Payload as Uint8Array;
  return JSON.parse(Buffer.from(payload).toString());
};

beforeEach(() => {
  ddb.reset();
  kms.reset();
  lambda.reset();
  fakeKms(kms);
  ddb.on(UpdateCommand).resolves({});
  clearTenantCache();
});

describe('act with a tenant tool', () => {
  it('runs it on the tenant function and stores its answer', async () => {
    // Prepare
    given([call()]);
    lambda.on(InvokeCommand).resolves(answer({ in_stock: 4 }));

    // Act
    const output = await act(REF, deps());

    // Assess
    expect(output).toEqual({ ran: 1, approval: false });
    const [invoke] = lambda.commandCalls(InvokeCommand);
    expect(invoke?.args[0].input.FunctionName).toBe(FUNCTION_ARN);
    expect(sentPayload()).toMatchObject({
      tool: 'check_stock',
      input: { item_id: '4913791348' },
      tenantId: 'acme',
      conversationId: 'conv-7',
      idempotencyKey: idempotencyKey(REF, call()),
    });
    const [stored] = storedCalls();
    expect(stored).toMatchObject({ status: 'succeeded' });
    expect(JSON.parse(stored?.result ?? '')).toEqual({ in_stock: 4 });
  });

  it('rejects input outside its declared schema without calling it', async () => {
    // Prepare
    given([call({ input: { item_id: 'forty-two' } })]);

    // Act
    await act(REF, deps());

    // Assess
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    const [stored] = storedCalls();
    expect(stored?.status).toBe('rejected');
    expect(JSON.parse(stored?.result ?? '').error).toContain('item_id');
  });

  it('rejects a declared tool the tenant did not enable', async () => {
    // Prepare
    given([call()], tenantWithTools({ enabled: ['track_parcel'] }));

    // Act
    await act(REF, deps());

    // Assess
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(storedCalls()[0]?.status).toBe('rejected');
  });

  it('stores the error the function reports as a failed call', async () => {
    // Prepare
    given([call()]);
    lambda.on(InvokeCommand).resolves({
      ...answer({ errorType: 'Error', errorMessage: 'No such item' }),
      FunctionError: 'Unhandled',
    });

    // Act
    await act(REF, deps());

    // Assess
    const [stored] = storedCalls();
    expect(stored?.status).toBe('failed');
    expect(JSON.parse(stored?.result ?? '').error).toBeDefined();
  });

  it('throws TransientError, storing nothing, while the function is throttled', async () => {
    // Prepare
    given([call()]);
    lambda.on(InvokeCommand).rejects(
      new TooManyRequestsException({
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 429 },
      }),
    );

    // Act
    const attempt = act(REF, deps());

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(TransientError);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('stops before a call that might outlast the invocation, keeping the calls before it', async () => {
    // Prepare
    given([
      call(),
      call({ id: 'tooluse-2', input: { item_id: '1234567890' } }),
    ]);
    lambda.on(InvokeCommand).resolves(answer({ in_stock: 4 }));
    const left = [20_000, 4_000];
    const remainingMs = () => left.shift() ?? 0;

    // Act
    const attempt = act(REF, { ...deps(), remainingMs });

    // Assess
    await expect(attempt).rejects.toThrow(
      /too little for tool call tooluse-2 \(check_stock may take 5000 ms\)/,
    );
    await expect(attempt).rejects.toBeInstanceOf(TransientError);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(1);
    expect(storedCalls().map((c) => c.status)).toEqual([
      'succeeded',
      'requested',
    ]);
  });

  it('gives it only the personal data it declares, redacting its answer', async () => {
    // Prepare
    const config = tenantWithTools({
      custom: [
        lambdaTool({
          name: 'check_stock',
          personalData: ['EMAIL'],
          input: {
            type: 'object',
            properties: {
              item_id: { type: 'string', pattern: '^\\d{10}$' },
              notify: { type: 'string' },
              note: { type: 'string' },
            },
            required: ['item_id'],
          },
        }),
      ],
      enabled: ['check_stock'],
      allowedHosts: [],
    });
    given(
      [
        call({
          input: {
            item_id: '4913791348',
            notify: '[EMAIL_1]',
            note: '[CARD_1]',
          },
        }),
      ],
      config,
    );
    const vaultItem = await sealedVault([
      'ada@example.com',
      '4111 1111 1111 1111',
    ]);
    ddb
      .on(GetCommand, { TableName: 'Conversations', Key: { sk: 'PII' } })
      .resolves({ Item: vaultItem });
    lambda
      .on(InvokeCommand)
      .resolves(answer({ in_stock: 0, notify: 'ada@example.com' }));

    // Act
    await act(REF, deps());

    // Assess
    expect(sentPayload().input).toEqual({
      item_id: '4913791348',
      notify: 'ada@example.com',
      note: '[CARD_1]',
    });
    const [stored] = storedCalls();
    expect(stored?.input).toEqual({
      item_id: '4913791348',
      notify: '[EMAIL_1]',
      note: '[CARD_1]',
    });
    expect(JSON.parse(stored?.result ?? '')).toEqual({
      in_stock: 0,
      notify: '[EMAIL_1]',
    });
  });
});

/** The vault item of a conversation holding `values`, sealed as stored. */
async function sealedVault(values: readonly string[]) {
  const { openVault } = await import(
    '../../functions/shared/pii/conversation-vault'
  );
  const vault = await openVault(REF);
  for (const value of values) vault.redactText(value);
  await vault.save();
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const put = ddb
    .commandCalls(PutCommand)
    .find((c) => c.args[0].input.Item?.sk === 'PII');
  ddb.resetHistory();
  return put?.args[0].input.Item;
}
