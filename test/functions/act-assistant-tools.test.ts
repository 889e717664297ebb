import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { act } from '../../functions/act/act';
import type { StoreAdapter } from '../../functions/shared/store/adapter';
import type { ToolCall } from '../../schemas/turn';
import { ddb, givenTenant, givenTurn, REF, setUp } from './act-world';

const ENABLED = ['calculate', 'think', 'transfer_to_human_agents'];

/** A store whose every use fails the test. */
const deps = {
  storeFor: () =>
    new Proxy({} as StoreAdapter, {
      get: () => {
        throw new Error('The store backend must not be used');
      },
    }),
};

const call = (overrides: Partial<ToolCall>): ToolCall => ({
  id: 'tool-1',
  name: 'calculate',
  input: { expression: '(2 + 3) * 4' },
  status: 'requested',
  round: 1,
  ...overrides,
});

function given(toolCalls: ToolCall[], enabled = ENABLED) {
  givenTurn(toolCalls);
  givenTenant(enabled);
}

/** The tool calls the act step stored with its one update. */
function storedCalls(): ToolCall[] {
  const updates = ddb.commandCalls(UpdateCommand);
  expect(updates).toHaveLength(1);
  return updates[0].args[0].input.ExpressionAttributeValues?.[':f0'];
}

beforeEach(setUp);

describe('act with the assistant’s own tools', () => {
  it.each([
    ['calculate', { expression: '(2 + 3) * 4' }, { result: '20.0' }],
    ['calculate', { expression: '10 / 3' }, { result: '3.33' }],
    [
      'think',
      { thought: 'The order is pending, so it can be cancelled.' },
      { result: 'Your thought has been noted.' },
    ],
  ])('runs %s without the store', async (name, input, expected) => {
    // Prepare
    given([call({ name, input })]);

    // Act
    const output = await act(REF, deps);

    // Assess
    expect(output).toEqual({ ran: 1, approval: false });
    const [stored] = storedCalls();
    expect(stored).toMatchObject({ name, status: 'succeeded' });
    expect(JSON.parse(stored.result ?? '')).toEqual(expected);
  });

  it.each([
    ['a division by zero', '1 / 0', 'Division by zero'],
    ['a bad token', '2 ^ 3', "Unexpected '^' at position 3"],
  ])('stores a failed calculate for %s', async (_case, expression, error) => {
    // Prepare
    given([call({ input: { expression } })]);

    // Act
    await act(REF, deps);

    // Assess
    const [stored] = storedCalls();
    expect(stored.status).toBe('failed');
    expect(JSON.parse(stored.result ?? '')).toEqual({ error });
  });

  it.each([
    [
      'an expression over 200 characters',
      call({ input: { expression: `${'1+'.repeat(100)}1` } }),
      'expression',
    ],
    [
      'a thought over 2000 characters',
      call({ name: 'think', input: { thought: 'x'.repeat(2001) } }),
      'thought',
    ],
    [
      'a transfer, which respond decides itself',
      call({ name: 'transfer_to_human_agents', input: { summary: 'Help' } }),
      'not available',
    ],
  ])('rejects %s', async (_case, requested, message) => {
    // Prepare
    given([requested]);

    // Act
    await act(REF, deps);

    // Assess
    const [stored] = storedCalls();
    expect(stored.status).toBe('rejected');
    expect(stored.result).toContain(message);
  });

  it('rejects calculate when the tenant did not enable it', async () => {
    // Prepare
    given([call({})], ['think']);

    // Act
    await act(REF, deps);

    // Assess
    const [stored] = storedCalls();
    expect(stored.status).toBe('rejected');
    expect(stored.result).toContain('not enabled');
  });
});
