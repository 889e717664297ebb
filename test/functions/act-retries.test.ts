import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { act } from '../../functions/act/act';
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

/** A retried act step leaves the calls decided earlier as they are. */
beforeEach(setUp);

describe('act', () => {
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

  it('writes nothing when every call is decided already', async () => {
    // Prepare
    givenTurn([call({ status: 'failed', result: '{}' })]);

    // Act
    const output = await act(REF, deps());

    // Assess
    expect(output).toEqual({ ran: 0, approval: false });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});
