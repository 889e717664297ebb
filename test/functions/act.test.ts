import { KMSClient } from '@aws-sdk/client-kms';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { act } from '../../functions/act/act';
import { handler } from '../../functions/act/handler';
import {
  boundedJson,
  MAX_RESULT_CHARS,
  MAX_TURN_RESULT_BYTES,
  TURN_RESULTS_FULL,
  withinTurnBudget,
} from '../../functions/act/result';
import {
  MAX_TOOL_CALLS_PER_ROUND,
  TOO_MANY_CALLS,
  withinRoundLimit,
} from '../../functions/act/round-limit';
import { TransientError } from '../../functions/shared/errors';
import { openVault } from '../../functions/shared/pii/conversation-vault';
import { decodeStoreJson } from '../../functions/shared/store/json';
import { MemoryStore } from '../../functions/shared/store/memory';
import { clearTenantCache } from '../../functions/shared/tenants';
import { TOOL_CATALOGUE } from '../../functions/shared/tool-catalogue';
import type { Product } from '../../schemas/store';
import type { ToolCall } from '../../schemas/turn';
import { storeJson } from '../store/fixtures';
import { fakeKms } from '../support/kms';

const ddb = mockClient(DynamoDBDocumentClient);
const kms = mockClient(KMSClient);
const REF = {
  tenantId: 'demo',
  conversationId: 'conv-1',
  segment: 1,
  index: 2,
};
const READ_TOOLS = Object.values(TOOL_CATALOGUE)
  .filter((tool) => tool.risk === 'read')
  .map((tool) => tool.name);

let store: MemoryStore;
const deps = () => ({ storeFor: () => store });

const call = (overrides: Partial<ToolCall>): ToolCall => ({
  id: 'tool-1',
  name: 'get_order_details',
  input: { order_id: '#W1000001' },
  status: 'requested',
  round: 1,
  ...overrides,
});

function givenTurn(toolCalls: ToolCall[]) {
  ddb.on(GetCommand, { TableName: 'Conversations' }).resolves({
    Item: {
      ...REF,
      sequences: [3],
      intent: 'order_status',
      confidence: 0.9,
      route: 'answer',
      language: 'en',
      toolCalls,
      startedAt: '2026-12-03T10:00:00.000Z',
    },
  });
  // The conversation has no PII vault yet.
  ddb
    .on(GetCommand, { TableName: 'Conversations', Key: { sk: 'PII' } })
    .resolves({});
}

function givenTenant(enabled: string[] = READ_TOOLS) {
  ddb.on(GetCommand, { TableName: 'Tenants' }).resolves({
    Item: {
      config: {
        tenantId: 'demo',
        displayName: 'Demo',
        persona: { name: 'Wren', company: 'Demo' },
        languages: ['en'],
        tools: { enabled },
      },
    },
  });
}

/**
 * A conversation whose vault holds `values`, numbered in the order given:
 * sealed and stored through the vault's own code, then served back.
 */
async function givenVault(values: readonly string[]) {
  const vault = await openVault(REF);
  for (const value of values) vault.redactText(value);
  await vault.save();
  const put = ddb
    .commandCalls(PutCommand)
    .find((call) => call.args[0].input.Item?.sk === 'PII');
  ddb
    .on(GetCommand, { TableName: 'Conversations', Key: { sk: 'PII' } })
    .resolves({ Item: put?.args[0].input.Item });
  ddb.resetHistory();
}

/** The tool calls as the act step's last update of the turn stored them. */
function storedCalls(): ToolCall[] {
  const updates = ddb.commandCalls(UpdateCommand);
  expect(updates.length).toBeGreaterThan(0);
  const { ExpressionAttributeNames, ExpressionAttributeValues } =
    updates.at(-1)?.args[0].input ?? {};
  expect(ExpressionAttributeNames).toEqual({ '#f0': 'toolCalls' });
  return ExpressionAttributeValues?.[':f0'];
}

beforeEach(() => {
  ddb.reset();
  kms.reset();
  fakeKms(kms);
  ddb.on(UpdateCommand).resolves({});
  clearTenantCache();
  store = MemoryStore.fromJson(storeJson());
  givenTenant();
});

describe('act', () => {
  it('runs a requested read tool and stores its result in dollars', async () => {
    // Prepare
    givenTurn([call({})]);

    // Act
    const output = await act(REF, deps());

    // Assess
    expect(output).toEqual({ ran: 1, approval: false });
    const [stored] = storedCalls();
    expect(stored).toMatchObject({ id: 'tool-1', status: 'succeeded' });
    const order = storeJson().orders['#W1000001'];
    expect(JSON.parse(stored.result ?? '')).toEqual({
      ...order,
      address: { ...order?.address, address1: '[ADDRESS_1]' },
    });
    expect(stored.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('stores personal data in results as placeholders the vault keeps', async () => {
    // Prepare
    givenTurn([
      call({ name: 'get_user_details', input: { user_id: 'ada_quill_1001' } }),
    ]);

    // Act
    await act(REF, deps());

    // Assess
    const [stored] = storedCalls();
    expect(stored?.status).toBe('succeeded');
    expect(stored?.result).not.toContain('ada.quill@example.com');
    expect(stored?.result).not.toContain('12 Lantern Way');
    expect(JSON.parse(stored?.result ?? '')).toMatchObject({
      email: '[EMAIL_1]',
      address: { address1: '[ADDRESS_1]', city: 'Bend' },
    });
    const vaults = ddb
      .commandCalls(PutCommand)
      .filter((put) => put.args[0].input.Item?.sk === 'PII');
    expect(vaults).toHaveLength(1);
    // Only sealed: the values are nowhere in the item written.
    expect(JSON.stringify(vaults[0]?.args[0].input.Item)).not.toContain(
      'ada.quill',
    );
    // The vault is written before the turn that names its placeholders.
    const lastUpdate = ddb.commandCalls(UpdateCommand).at(-1);
    expect(lastUpdate && vaults[0]?.calledBefore(lastUpdate)).toBe(true);
  });

  it('gives a lookup by email the value behind its placeholder, and keeps the placeholder', async () => {
    // Prepare
    givenTurn([
      call({ name: 'find_user_id_by_email', input: { email: '[EMAIL_1]' } }),
    ]);
    await givenVault(['ada.quill@example.com']);
    const find = jest.spyOn(store, 'findUserIdByEmail');

    // Act
    await act(REF, deps());

    // Assess
    expect(find).toHaveBeenCalledWith('ada.quill@example.com');
    const [stored] = storedCalls();
    expect(stored).toMatchObject({
      status: 'succeeded',
      input: { email: '[EMAIL_1]' },
      result: JSON.stringify('ada_quill_1001'),
    });
  });

  it('never gives a tool a card number the customer wrote', async () => {
    // Prepare
    givenTurn([
      call({ name: 'get_order_details', input: { order_id: '[CARD_1]' } }),
    ]);
    await givenVault(['4111 1111 1111 1111']);
    const getOrder = jest.spyOn(store, 'getOrder');

    // Act
    await act(REF, deps());

    // Assess
    expect(getOrder).not.toHaveBeenCalled();
    const [stored] = storedCalls();
    expect(stored?.status).toBe('rejected');
    expect(stored?.result).not.toContain('4111');
  });

  it.each([
    ['a malformed field', { order_id: 'W123' }, 'order_id'],
    ['a missing field', {}, 'order_id'],
    ['an unknown field', { order_id: '#W1000001', note: 'x' }, 'note'],
  ])(
    'rejects %s as a tool error without calling the backend',
    async (_, input, field) => {
      // Prepare
      givenTurn([call({ input })]);
      const getOrder = jest.spyOn(store, 'getOrder');

      // Act
      await act(REF, deps());

      // Assess
      const [stored] = storedCalls();
      expect(stored.status).toBe('rejected');
      const { error } = JSON.parse(stored.result ?? '');
      expect(error).toContain('Invalid input of get_order_details');
      expect(error).toContain(field);
      expect(getOrder).not.toHaveBeenCalled();
    },
  );

  it.each([
    ['a tool the tenant did not enable', 'get_order_details', 'not enabled'],
    ['an undeclared tool', 'delete_everything', 'no tool named'],
  ])('rejects %s', async (_, name, message) => {
    // Prepare
    givenTenant(['find_user_id_by_email']);
    givenTurn([call({ name })]);
    const getOrder = jest.spyOn(store, 'getOrder');

    // Act
    await act(REF, deps());

    // Assess
    const [stored] = storedCalls();
    expect(stored.status).toBe('rejected');
    expect(JSON.parse(stored.result ?? '').error).toContain(message);
    expect(getOrder).not.toHaveBeenCalled();
  });

  it('stores a failed call with the tool error message', async () => {
    // Prepare
    givenTurn([call({ input: { order_id: '#W9999999' } })]);

    // Act
    await act(REF, deps());

    // Assess
    const [stored] = storedCalls();
    expect(stored.status).toBe('failed');
    expect(JSON.parse(stored.result ?? '')).toEqual({
      error: 'order not found',
    });
  });

  it('leaves calls decided earlier as they are on a retry', async () => {
    // Prepare
    const done = call({ id: 'a', status: 'succeeded', result: '"x"' });
    const todo = call({ id: 'b', round: 2 });
    givenTurn([done, todo]);
    const getOrder = jest.spyOn(store, 'getOrder');

    // Act
    const output = await act(REF, deps());

    // Assess
    expect(output).toEqual({ ran: 1, approval: false });
    expect(getOrder).toHaveBeenCalledTimes(1);
    const stored = storedCalls();
    expect(stored[0]).toEqual(done);
    expect(stored[1]).toMatchObject({ id: 'b', status: 'succeeded' });
  });

  it('rejects the calls of a round past the limit, telling the model to call fewer', async () => {
    // Prepare
    const first = Array.from({ length: MAX_TOOL_CALLS_PER_ROUND + 3 }, (_, i) =>
      call({ id: `first-${i + 1}` }),
    );
    const second = [call({ id: 'second-1', round: 2 })];
    givenTurn([...first, ...second]);
    const getOrder = jest.spyOn(store, 'getOrder');

    // Act
    const output = await act(REF, deps());

    // Assess
    const stored = storedCalls();
    const statuses = stored.map((c) => [c.id, c.status]);
    expect(statuses).toEqual([
      ...first.map((c, i) => [
        c.id,
        i < MAX_TOOL_CALLS_PER_ROUND ? 'succeeded' : 'rejected',
      ]),
      ['second-1', 'succeeded'],
    ]);
    const surplus = stored.filter((c) => c.status === 'rejected');
    for (const rejected of surplus) {
      expect(JSON.parse(rejected.result ?? '')).toEqual({
        error: TOO_MANY_CALLS,
      });
    }
    expect(TOO_MANY_CALLS).toContain(`at most ${MAX_TOOL_CALLS_PER_ROUND}`);
    expect(getOrder).toHaveBeenCalledTimes(MAX_TOOL_CALLS_PER_ROUND + 1);
    expect(output).toEqual({
      ran: MAX_TOOL_CALLS_PER_ROUND + 4,
      approval: false,
    });
  });

  it('stores the surplus calls before running any call', async () => {
    // Prepare
    const calls = Array.from({ length: MAX_TOOL_CALLS_PER_ROUND + 1 }, (_, i) =>
      call({ id: `call-${i + 1}` }),
    );
    givenTurn(calls);

    // Act
    await act(REF, deps());

    // Assess
    const [firstUpdate] = ddb.commandCalls(UpdateCommand);
    const written: ToolCall[] =
      firstUpdate?.args[0].input.ExpressionAttributeValues?.[':f0'];
    expect(written.map((c) => c.status)).toEqual([
      ...Array(MAX_TOOL_CALLS_PER_ROUND).fill('requested'),
      'rejected',
    ]);
  });

  it('leaves the calls of a round within the limit to run', async () => {
    // Prepare
    const calls = Array.from({ length: MAX_TOOL_CALLS_PER_ROUND }, (_, i) =>
      call({ id: `call-${i + 1}` }),
    );

    // Act
    const limited = withinRoundLimit(calls);

    // Assess
    expect(limited).toEqual(calls);
  });

  it('keeps a surplus call decided earlier as it was on a retry', async () => {
    // Prepare
    const decided = Array.from({ length: MAX_TOOL_CALLS_PER_ROUND }, (_, i) =>
      call({ id: `call-${i + 1}`, status: 'succeeded', result: '"x"' }),
    );
    const surplus = call({ id: 'late', status: 'failed', result: '{}' });

    // Act
    const limited = withinRoundLimit([...decided, surplus]);

    // Assess
    expect(limited.at(-1)).toBe(surplus);
  });

  it('writes nothing when every call is decided already', async () => {
    // Prepare
    givenTurn([call({ status: 'failed', result: '{}' })]);

    // Act
    const output = await act(REF, deps());

    // Assess
    expect(output).toEqual({ ran: 0, approval: false });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('bounds a long result and says it was cut', async () => {
    // Prepare
    const [product] = Object.values(decodeStoreJson(storeJson()).products);
    const big: Product = { ...product, variants: manyVariants(300) };
    jest.spyOn(store, 'getProduct').mockResolvedValue(big);
    givenTurn([
      call({
        name: 'get_product_details',
        input: { product_id: '1111111111' },
      }),
    ]);

    // Act
    await act(REF, deps());

    // Assess
    const [stored] = storedCalls();
    expect(stored.status).toBe('succeeded');
    expect(stored.result?.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    const result = JSON.parse(stored.result ?? '');
    expect(result.truncated).toBe(true);
    expect(result.note).toContain('was cut');
  });

  it('keeps all the results of a turn within its byte budget', async () => {
    // Prepare: earlier rounds stored results of multi-byte text
    const earlier = Array.from({ length: 40 }, (_, i) =>
      call({
        id: `earlier-${i}`,
        round: Math.floor(i / MAX_TOOL_CALLS_PER_ROUND) + 1,
        status: 'succeeded',
        result: JSON.stringify({ note: 'é'.repeat(3_200) }),
      }),
    );
    const [product] = Object.values(decodeStoreJson(storeJson()).products);
    jest
      .spyOn(store, 'getProduct')
      .mockResolvedValue({ ...product, variants: manyVariants(300) });
    givenTurn([
      ...earlier,
      call({
        id: 'late',
        round: 6,
        name: 'get_product_details',
        input: { product_id: '1111111111' },
      }),
    ]);

    // Act
    await act(REF, deps());

    // Assess
    const stored = storedCalls();
    const bytes = stored.reduce(
      (sum, c) => sum + Buffer.byteLength(c.result ?? ''),
      0,
    );
    const late = stored.at(-1);
    expect(bytes).toBeLessThanOrEqual(MAX_TURN_RESULT_BYTES);
    expect(late?.status).toBe('succeeded');
    expect(JSON.parse(late?.result ?? '')).toMatchObject({ truncated: true });
    expect(stored.slice(0, -1)).toEqual(earlier);
  });

  it('throws a TransientError and stores nothing when the backend fails', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
    });
    jest.spyOn(store, 'getOrder').mockRejectedValue(throttled);
    givenTurn([call({})]);

    // Act
    const run = act(REF, deps());

    // Assess
    await expect(run).rejects.toThrow(TransientError);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});

describe('handler', () => {
  const context = {
    functionName: 'act',
    awsRequestId: 'req-1',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:act',
    getRemainingTimeInMillis: () => 50_000,
  } as Context;

  it('runs tools against the Store table of the tenant', async () => {
    // Prepare
    givenTurn([call({})]);
    const order = decodeStoreJson(storeJson()).orders['#W1000001'];
    ddb.on(GetCommand, { TableName: 'Store' }).resolves({
      Item: { pk: 'T#demo#ORDER##W1000001', sk: 'ORDER', ...order },
    });

    // Act
    const output = await handler(REF, context);

    // Assess
    expect(output).toEqual({ ran: 1, approval: false });
    expect(
      ddb.commandCalls(GetCommand, { TableName: 'Store' })[0].args[0].input.Key,
    ).toEqual({ pk: 'T#demo#ORDER##W1000001', sk: 'ORDER' });
    expect(JSON.parse(storedCalls()[0].result ?? '').status).toBe('delivered');
  });

  it('turns DynamoDB throttling into a TransientError', async () => {
    // Prepare
    givenTurn([call({})]);
    ddb.on(GetCommand, { TableName: 'Store' }).rejects(
      Object.assign(new Error('slow down'), {
        name: 'ProvisionedThroughputExceededException',
      }),
    );

    // Act
    const run = handler(REF, context);

    // Assess
    await expect(run).rejects.toMatchObject({ name: 'TransientError' });
  });
});

describe('withinTurnBudget', () => {
  const sized = (id: string, bytes: number) =>
    call({
      id,
      status: 'succeeded',
      result: JSON.stringify('x'.repeat(bytes - 2)),
    });

  it('leaves a result that fits as it is', () => {
    // Prepare
    const calls = [sized('a', 100_000), sized('b', 8_000)];

    // Act
    const kept = withinTurnBudget(calls, 1);

    // Assess
    expect(kept).toBe(calls[1]);
  });

  it('cuts a result to what the other results leave, as valid JSON', () => {
    // Prepare
    const calls = [
      sized('a', MAX_TURN_RESULT_BYTES - 6_000),
      sized('b', 8_000),
    ];

    // Act
    const cut = withinTurnBudget(calls, 1);

    // Assess
    expect(Buffer.byteLength(cut.result ?? '')).toBeLessThanOrEqual(6_000);
    expect(JSON.parse(cut.result ?? '')).toMatchObject({ truncated: true });
    expect(cut.status).toBe('succeeded');
  });

  it('says the turn is full when almost nothing is left', () => {
    // Prepare
    const calls = [sized('a', MAX_TURN_RESULT_BYTES - 300), sized('b', 8_000)];

    // Act
    const full = withinTurnBudget(calls, 1);

    // Assess
    expect(full.result).toBe(TURN_RESULTS_FULL);
  });

  it('leaves a call without a result as it is', () => {
    // Prepare
    const calls = [sized('a', MAX_TURN_RESULT_BYTES), call({ id: 'b' })];

    // Act
    const kept = withinTurnBudget(calls, 1);

    // Assess
    expect(kept).toBe(calls[1]);
  });
});

describe('boundedJson', () => {
  it.each([
    ['plain text', 'a'.repeat(20_000)],
    ['text that grows when escaped', '"\\\n'.repeat(5_000)],
    ['emoji that must not be split', '🏕️'.repeat(5_000)],
  ])('keeps %s within the limit as valid JSON', (_, text) => {
    // Act
    const bounded = boundedJson({ text });

    // Assess
    expect(bounded.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    const parsed = JSON.parse(bounded);
    expect(parsed.truncated).toBe(true);
    expect(JSON.stringify({ text }).startsWith(parsed.partial)).toBe(true);
    expect(parsed.partial.length).toBeGreaterThan(MAX_RESULT_CHARS / 2);
  });

  it('leaves a short result as it is', () => {
    // Act
    const bounded = boundedJson({ ok: true });

    // Assess
    expect(bounded).toBe('{"ok":true}');
  });
});

function manyVariants(count: number): Product['variants'] {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => {
      const item_id = String(5_000_000_000 + i);
      return [
        item_id,
        {
          item_id,
          options: { color: `shade ${i}` },
          available: true,
          price: 999,
        },
      ];
    }),
  );
}
