import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { act } from '../../functions/act/act';
import {
  MAX_TOOL_CALLS_PER_ROUND,
  TOO_MANY_CALLS,
  withinRoundLimit,
} from '../../functions/act/round-limit';
import type { ToolCall } from '../../schemas/turn';
import {
  call,
  ddb,
  deps,
  givenTurn,
  REF,
  setUp,
  store,
  storedCalls,
} from './act-world';

/** The act step runs at most `MAX_TOOL_CALLS_PER_ROUND` calls a round. */
beforeEach(setUp);

describe('act', () => {
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
});
