import { ValidationError } from '../../functions/shared/errors';
import { ITEM } from './write-fixtures';
import { balance, expectRefusal, run, writeStore } from './write-tools';

describe('cancel_pending_order', () => {
  it('cancels a pending order and refunds a gift card at once', async () => {
    // Prepare
    const store = writeStore();

    // Act
    const result = await run(store, 'cancel_pending_order', {
      order_id: '#W1000002',
      reason: 'no longer needed',
    });

    // Assess
    expect(result).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'no longer needed',
      payment_history: [
        { transaction_type: 'payment', amount: 24.5 },
        {
          transaction_type: 'refund',
          amount: 24.5,
          payment_method_id: 'gift_card_1000002',
        },
      ],
    });
    expect(Object.keys(result as object).slice(-3)).toEqual([
      'status',
      'payment_history',
      'cancel_reason',
    ]);
    expect(await balance(store, 'ada_quill_1001', 'gift_card_1000002')).toBe(
      5000,
    );
  });

  it('records a refund to paypal without touching the user', async () => {
    // Prepare
    const store = writeStore();
    const before = await store.getUser('ben_marlow_2002');

    // Act
    await run(store, 'cancel_pending_order', {
      order_id: '#W1000004',
      reason: 'ordered by mistake',
    });

    // Assess
    const order = await store.getOrder('#W1000004');
    expect(order?.payment_history.at(-1)).toEqual({
      transaction_type: 'refund',
      amount: 3998,
      payment_method_id: 'paypal_2000001',
    });
    expect(await store.getUser('ben_marlow_2002')).toEqual(before);
  });

  it('refunds each method what it paid net of refunds after a payment change', async () => {
    // Prepare
    const store = writeStore();
    await run(store, 'modify_pending_order_payment', {
      order_id: '#W1000002',
      payment_method_id: 'credit_card_1000001',
    });

    // Act
    await run(store, 'cancel_pending_order', {
      order_id: '#W1000002',
      reason: 'no longer needed',
    });

    // Assess
    const order = await store.getOrder('#W1000002');
    expect(order?.payment_history.slice(3)).toEqual([
      {
        transaction_type: 'refund',
        amount: 2450,
        payment_method_id: 'credit_card_1000001',
      },
    ]);
    expect(await balance(store, 'ada_quill_1001', 'gift_card_1000002')).toBe(
      5000,
    );
  });

  it.each([
    ['a delivered order', '#W1000001', 'non-pending order cannot be cancelled'],
    ['a processed order', '#W1000005', 'non-pending order cannot be cancelled'],
    ['a cancelled order', '#W1000003', 'non-pending order cannot be cancelled'],
    ['an unknown order', '#W9999999', 'order not found'],
  ])('refuses %s', async (_, order_id, message) => {
    // Act
    const call = run(writeStore(), 'cancel_pending_order', {
      order_id,
      reason: 'no longer needed',
    });

    // Assess
    await expectRefusal(call, message);
  });

  it('rejects a reason outside the policy, naming the field', async () => {
    // Act
    const call = run(writeStore(), 'cancel_pending_order', {
      order_id: '#W1000002',
      reason: 'found it cheaper',
    });

    // Assess
    await expect(call).rejects.toThrow(ValidationError);
    await expect(call).rejects.toThrow('reason:');
  });
});

const NEW_ADDRESS = {
  address1: '1 Ridge Road',
  address2: '',
  city: 'Sisters',
  state: 'OR',
  country: 'USA',
  zip: '97759',
};

describe('modify_pending_order_address', () => {
  it('changes the address and keeps the order pending', async () => {
    // Prepare
    const store = writeStore();

    // Act
    const result = await run(store, 'modify_pending_order_address', {
      order_id: '#W1000002',
      ...NEW_ADDRESS,
    });

    // Assess
    expect(result).toMatchObject({ status: 'pending', address: NEW_ADDRESS });
    expect((await store.getOrder('#W1000002'))?.address).toEqual(NEW_ADDRESS);
    expect((await store.getUser('ada_quill_1001'))?.address.zip).toBe('97701');
  });

  it.each([
    ['a delivered order', '#W1000001', 'non-pending order cannot be modified'],
    ['an unknown order', '#W9999999', 'order not found'],
  ])('refuses %s', async (_, order_id, message) => {
    // Act
    const call = run(writeStore(), 'modify_pending_order_address', {
      order_id,
      ...NEW_ADDRESS,
    });

    // Assess
    await expectRefusal(call, message);
  });

  it('refuses an order whose items were modified', async () => {
    // Prepare
    const store = writeStore();
    await run(store, 'modify_pending_order_items', {
      order_id: '#W1000002',
      item_ids: [ITEM.orangeLantern],
      new_item_ids: [ITEM.redLantern],
      payment_method_id: 'credit_card_1000001',
    });

    // Act
    const call = run(store, 'modify_pending_order_address', {
      order_id: '#W1000002',
      ...NEW_ADDRESS,
    });

    // Assess
    await expectRefusal(call, 'non-pending order cannot be modified');
  });

  it.each([
    ['a short zip', { zip: '977' }, 'zip: zip is 5 digits'],
    ['an empty address1', { address1: '' }, 'address1: address1 is required'],
    ['an unknown field', { floor: '2' }, 'Unrecognized key'],
  ])('rejects %s, naming the field', async (_, change, message) => {
    // Act
    const call = run(writeStore(), 'modify_pending_order_address', {
      order_id: '#W1000002',
      ...NEW_ADDRESS,
      ...change,
    });

    // Assess
    await expect(call).rejects.toThrow(ValidationError);
    await expect(call).rejects.toThrow(message);
  });
});
