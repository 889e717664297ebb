import { ValidationError } from '../../functions/shared/errors';
import { ITEM } from './write-fixtures';
import { balance, expectRefusal, run, writeStore } from './write-tools';

const modify = (
  store: ReturnType<typeof writeStore>,
  input: Partial<Record<string, unknown>>,
) =>
  run(store, 'modify_pending_order_items', {
    order_id: '#W1000002',
    item_ids: [ITEM.orangeLantern],
    new_item_ids: [ITEM.blueLantern],
    payment_method_id: 'credit_card_1000001',
    ...input,
  });

describe('modify_pending_order_items', () => {
  it('swaps the item, charges the difference and marks the order', async () => {
    // Prepare
    const store = writeStore();

    // Act
    const result = await modify(store, {});

    // Assess
    expect(result).toMatchObject({
      status: 'pending (item modified)',
      items: [
        {
          name: 'Trail Lantern',
          product_id: '1111111111',
          item_id: ITEM.blueLantern,
          price: 29.99,
          options: { color: 'blue' },
        },
      ],
      payment_history: [
        { transaction_type: 'payment', amount: 24.5 },
        {
          transaction_type: 'payment',
          amount: 5.49,
          payment_method_id: 'credit_card_1000001',
        },
      ],
    });
  });

  it('refunds a cheaper swap to a gift card at once', async () => {
    // Prepare
    const store = writeStore();

    // Act
    await modify(store, {
      new_item_ids: [ITEM.redLantern],
      payment_method_id: 'gift_card_1000002',
    });

    // Assess
    const order = await store.getOrder('#W1000002');
    expect(order?.payment_history.at(-1)).toEqual({
      transaction_type: 'refund',
      amount: 1000,
      payment_method_id: 'gift_card_1000002',
    });
    expect(await balance(store, 'ada_quill_1001', 'gift_card_1000002')).toBe(
      3550,
    );
  });

  it('swaps an item held twice once per mention, in order', async () => {
    // Prepare
    const store = writeStore();

    // Act
    await modify(store, {
      order_id: '#W1000004',
      item_ids: [ITEM.greenLantern, ITEM.greenLantern],
      new_item_ids: [ITEM.blueLantern, ITEM.redLantern],
      payment_method_id: 'paypal_2000001',
    });

    // Assess
    const order = await store.getOrder('#W1000004');
    expect(order?.items.map((item) => item.item_id)).toEqual([
      ITEM.blueLantern,
      ITEM.redLantern,
    ]);
    expect(order?.payment_history.at(-1)).toMatchObject({
      transaction_type: 'payment',
      amount: 451,
    });
  });

  it('records an even swap as a refund of nothing', async () => {
    // Prepare
    const store = writeStore();

    // Act
    await modify(store, {
      order_id: '#W1000004',
      item_ids: [ITEM.greenLantern],
      new_item_ids: [ITEM.greenLantern],
      payment_method_id: 'gift_card_2000002',
    });

    // Assess
    const order = await store.getOrder('#W1000004');
    expect(order?.payment_history.at(-1)).toMatchObject({
      transaction_type: 'refund',
      amount: 0,
    });
    expect(await balance(store, 'ben_marlow_2002', 'gift_card_2000002')).toBe(
      100,
    );
  });

  it.each([
    [
      'a delivered order',
      { order_id: '#W1000001', item_ids: [ITEM.greenLantern] },
      'non-pending order cannot be modified',
    ],
    ['an unknown order', { order_id: '#W9999999' }, 'order not found'],
    [
      'an item not on the order',
      { item_ids: [ITEM.cup], new_item_ids: [ITEM.cup] },
      `${ITEM.cup} not found`,
    ],
    [
      'an item named more often than held',
      {
        item_ids: [ITEM.orangeLantern, ITEM.orangeLantern],
        new_item_ids: [ITEM.blueLantern, ITEM.redLantern],
      },
      `${ITEM.orangeLantern} not found`,
    ],
    [
      'lists of different lengths',
      { new_item_ids: [ITEM.blueLantern, ITEM.redLantern] },
      'the number of items to be exchanged should match',
    ],
    [
      'an unavailable new item',
      { new_item_ids: [ITEM.orangeLantern] },
      `new item ${ITEM.orangeLantern} not found or available`,
    ],
    [
      'a new item of another product',
      { new_item_ids: [ITEM.cup] },
      `new item ${ITEM.cup} not found or available`,
    ],
    [
      "another customer's payment method",
      { payment_method_id: 'paypal_2000001' },
      'payment method not found',
    ],
    [
      'a gift card that cannot cover the difference',
      {
        order_id: '#W1000004',
        item_ids: [ITEM.greenLantern],
        payment_method_id: 'gift_card_2000002',
      },
      'insufficient gift card balance to pay for the new item',
    ],
  ])('refuses %s', async (_, input, message) => {
    // Act
    const call = modify(writeStore(), input);

    // Assess
    await expectRefusal(call, message);
  });

  it('refuses a second modification of the same order', async () => {
    // Prepare
    const store = writeStore();
    await modify(store, {});

    // Act
    const call = modify(store, {
      item_ids: [ITEM.blueLantern],
      new_item_ids: [ITEM.redLantern],
    });

    // Assess
    await expectRefusal(call, 'non-pending order cannot be modified');
  });

  it.each([
    ['an empty list', { item_ids: [] }, 'item_ids names at least one item id'],
    ['a malformed item id', { new_item_ids: ['42'] }, 'new_item_ids.0:'],
  ])('rejects %s, naming the field', async (_, input, message) => {
    // Act
    const call = modify(writeStore(), input);

    // Assess
    await expect(call).rejects.toThrow(ValidationError);
    await expect(call).rejects.toThrow(message);
  });
});
