import { act } from '../../functions/act/act';
import { ValidationError } from '../../functions/shared/errors';
import { STORE_TOOLS } from '../../functions/shared/store/tools';
import { TOOL_CATALOGUE } from '../../functions/shared/tool-catalogue';
import {
  deps,
  given,
  items,
  ref,
  resultOf,
  setUp,
  start,
  stop,
  store,
  storedCalls,
  tearDown,
} from './act-changes-world';
import {
  AT,
  CANCEL_SOCKS,
  demoConfig,
  MOVE_MAYA,
  RETURN_PAD,
  RETURN_STOVE,
  toolCall,
} from './workflow-steps/demo-changes';

beforeAll(start);
afterAll(stop);
beforeEach(setUp);
afterEach(tearDown);

describe('act on a change the customer has not confirmed', () => {
  it('puts the change to the customer and changes nothing yet', async () => {
    // Prepare
    await given([
      toolCall('stove', 'return_delivered_order_items', RETURN_STOVE),
    ]);

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 1, approval: false });
    const [stored] = await storedCalls();
    expect(stored).toMatchObject({
      id: 'stove',
      status: 'awaiting_confirmation',
    });
    expect(stored?.confirmed).toBeUndefined();
    expect(resultOf(stored)).toEqual({
      status: 'awaiting_confirmation',
      change:
        'return Backpacking Stove (canister, piezo) [item 6587062274] of ' +
        'order #W4817203, refunding the Visa card ending 4417; refund of $58.29',
      instructions: expect.stringContaining('Nothing has changed yet'),
    });
    expect((await store.getOrder('#W4817203'))?.status).toBe('delivered');
  });

  it('remembers the change on the conversation head', async () => {
    // Prepare
    await given([toolCall('socks', 'cancel_pending_order', CANCEL_SOCKS)]);

    // Act
    await act(ref(), deps());

    // Assess
    const head = await items.head(ref());
    expect(head?.pendingConfirmation).toEqual({
      segment: 1,
      index: 2,
      callId: 'socks',
      askedAt: AT,
    });
  });

  it.each([
    [
      'cancel_pending_order',
      CANCEL_SOCKS,
      'cancel order #W5520914 (reason: no longer needed); refund of $18.89',
    ],
    [
      'return_delivered_order_items',
      RETURN_PAD,
      'return Sleeping Pad (air, regular) [item 5917732742] of order ' +
        '#W4817203, refunding the Visa card ending 4417; refund of $106.97',
    ],
    [
      'modify_user_address',
      MOVE_MAYA,
      // The street is personal data: stored as the vault's placeholder,
      // which the customer reads as written.
      'change the default address of maya_lindqvist_2417 to [ADDRESS_1], ' +
        'Bend, OR 97701, USA',
    ],
    [
      'modify_pending_order_payment',
      { order_id: '#W5520914', payment_method_id: 'gift_card_5289616' },
      'pay order #W5520914 with the gift card instead',
    ],
  ])('names the change %s makes in words', async (name, input, change) => {
    // Prepare
    await given([toolCall('c-1', name, input)]);

    // Act
    await act(ref(), deps());

    // Assess
    const [stored] = await storedCalls();
    expect(stored?.status).toBe('awaiting_confirmation');
    expect(resultOf(stored).change).toBe(change);
  });

  it('asks about one change of a reply and rejects the second', async () => {
    // Prepare
    await given([
      toolCall('stove', 'return_delivered_order_items', RETURN_STOVE),
      toolCall('socks', 'cancel_pending_order', CANCEL_SOCKS),
    ]);

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 2, approval: false });
    const [first, second] = await storedCalls();
    expect(first?.status).toBe('awaiting_confirmation');
    expect(second?.status).toBe('rejected');
    expect(resultOf(second).error).toContain('Another change');
    expect((await items.head(ref()))?.pendingConfirmation).toMatchObject({
      callId: 'stove',
    });
  });

  it('rejects a change of a later round while an earlier one waits', async () => {
    // Prepare
    const asked = toolCall(
      'stove',
      'return_delivered_order_items',
      RETURN_STOVE,
      {
        status: 'awaiting_confirmation',
        result: '{"status":"awaiting_confirmation"}',
      },
    );
    await given([
      asked,
      toolCall('socks', 'cancel_pending_order', CANCEL_SOCKS, { round: 2 }),
    ]);

    // Act
    await act(ref(), deps());

    // Assess
    const [first, second] = await storedCalls();
    expect(first).toEqual(asked);
    expect(second?.status).toBe('rejected');
    expect((await items.head(ref()))?.pendingConfirmation).toBeUndefined();
  });

  it('runs the reads of the reply and asks about the change', async () => {
    // Prepare
    await given([
      toolCall('read-1', 'get_order_details', { order_id: '#W4817203' }),
      toolCall('stove', 'return_delivered_order_items', RETURN_STOVE),
      toolCall('read-2', 'get_user_details', {
        user_id: 'maya_lindqvist_2417',
      }),
    ]);

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 3, approval: false });
    const statuses = (await storedCalls()).map((c) => c.status);
    expect(statuses).toEqual([
      'succeeded',
      'awaiting_confirmation',
      'succeeded',
    ]);
  });

  it.each([
    [
      'a return of a pending order',
      'return_delivered_order_items',
      { ...RETURN_STOVE, order_id: '#W5520914', item_ids: ['4534859961'] },
      'non-delivered order cannot be returned',
    ],
    [
      'a cancellation of a delivered order',
      'cancel_pending_order',
      { ...CANCEL_SOCKS, order_id: '#W4817203' },
      'non-pending order cannot be cancelled',
    ],
    [
      'a return of an item the order does not hold',
      'return_delivered_order_items',
      { ...RETURN_STOVE, item_ids: ['4534859961'] },
      'some item not found',
    ],
    [
      'a refund to a payment method the customer does not have',
      'return_delivered_order_items',
      { ...RETURN_STOVE, payment_method_id: 'credit_card_0000000' },
      'payment method not found',
    ],
    [
      'a change of an unknown order',
      'cancel_pending_order',
      { ...CANCEL_SOCKS, order_id: '#W0000000' },
      'order not found',
    ],
  ])('fails %s without asking', async (_, name, input, error) => {
    // Prepare
    await given([toolCall('c-1', name, input)]);

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 1, approval: false });
    const [stored] = await storedCalls();
    expect(stored?.status).toBe('failed');
    expect(resultOf(stored)).toEqual({ error });
    expect((await items.head(ref()))?.pendingConfirmation).toBeUndefined();
  });

  it('rejects without asking a change the store finds invalid', async () => {
    // Prepare
    jest
      .spyOn(STORE_TOOLS.cancel_pending_order, 'preview')
      .mockRejectedValue(new ValidationError('Invalid order_id'));
    await given([toolCall('socks', 'cancel_pending_order', CANCEL_SOCKS)]);

    // Act
    await act(ref(), deps());

    // Assess
    const [stored] = await storedCalls();
    expect(stored?.status).toBe('rejected');
    expect(resultOf(stored)).toEqual({ error: 'Invalid order_id' });
    expect((await items.head(ref()))?.pendingConfirmation).toBeUndefined();
  });

  const readsOnly = () =>
    demoConfig({
      enabled: demoConfig().tools.enabled.filter(
        (name) => TOOL_CATALOGUE[name]?.risk === 'read',
      ),
    });

  it.each([
    ['the tenant did not enable', CANCEL_SOCKS, readsOnly, 'not enabled'],
    [
      'has input outside its schema',
      { ...CANCEL_SOCKS, reason: 'changed my mind' },
      demoConfig,
      'reason',
    ],
  ])('rejects a change that %s', async (_, input, config, error) => {
    // Prepare
    await given([toolCall('socks', 'cancel_pending_order', input)], config());

    // Act
    await act(ref(), deps());

    // Assess
    const [stored] = await storedCalls();
    expect(stored?.status).toBe('rejected');
    expect(resultOf(stored).error).toContain(error);
    expect((await store.getOrder('#W5520914'))?.status).toBe('pending');
  });
});
