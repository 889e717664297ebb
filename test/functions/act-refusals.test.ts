import { act } from '../../functions/act/act';
import {
  call,
  deps,
  givenTenant,
  givenTurn,
  REF,
  setUp,
  store,
  storedCalls,
} from './act-world';

/** Calls the act step rejects without calling the backend. */
beforeEach(setUp);

describe('act', () => {
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
});
