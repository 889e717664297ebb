import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { act } from '../../functions/act/act';
import { TransientError } from '../../functions/shared/errors';
import { storeJson } from '../store/fixtures';
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

/** The act step runs a requested read tool and stores how it went. */
beforeEach(setUp);

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
