import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { act } from '../../functions/act/act';
import {
  call,
  ddb,
  deps,
  givenTurn,
  givenVault,
  REF,
  setUp,
  store,
  storedCalls,
} from './act-world';

/** Personal data in tool inputs and results goes through the PII vault. */
beforeEach(setUp);

describe('act', () => {
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
});
