import { ITEM } from './write-fixtures';
import { balance, expectRefusal, run, writeStore } from './write-tools';

const giveBack = (
  store: ReturnType<typeof writeStore>,
  input: Partial<Record<string, unknown>>,
) =>
  run(store, 'return_delivered_order_items', {
    order_id: '#W1000001',
    item_ids: [ITEM.cup, ITEM.greenLantern],
    payment_method_id: 'credit_card_1000001',
    ...input,
  });

const exchange = (
  store: ReturnType<typeof writeStore>,
  input: Partial<Record<string, unknown>>,
) =>
  run(store, 'exchange_delivered_order_items', {
    order_id: '#W1000001',
    item_ids: [ITEM.greenLantern],
    new_item_ids: [ITEM.blueLantern],
    payment_method_id: 'credit_card_1000001',
    ...input,
  });

describe('return_delivered_order_items', () => {
  it.each([
    ['the original payment method', 'credit_card_1000001'],
    ['a gift card', 'gift_card_1000002'],
  ])('requests a return refunded to %s', async (_, payment_method_id) => {
    // Prepare
    const store = writeStore();
    const before = await store.getOrder('#W1000001');

    // Act
    const result = await giveBack(store, { payment_method_id });

    // Assess
    expect(result).toMatchObject({
      status: 'return requested',
      return_items: [ITEM.greenLantern, ITEM.cup],
      return_payment_method_id: payment_method_id,
    });
    const order = await store.getOrder('#W1000001');
    expect(order?.payment_history).toEqual(before?.payment_history);
    expect(await balance(store, 'ada_quill_1001', 'gift_card_1000002')).toBe(
      2550,
    );
  });

  it.each([
    [
      'a pending order',
      { order_id: '#W1000002', item_ids: [ITEM.orangeLantern] },
      'non-delivered order cannot be returned',
    ],
    ['an unknown order', { order_id: '#W9999999' }, 'order not found'],
    [
      "another customer's payment method",
      { payment_method_id: 'paypal_2000001' },
      'payment method not found',
    ],
    [
      'a refund to a method that did not pay',
      { payment_method_id: 'paypal_1000003' },
      'payment method should be either the original payment method or a gift card',
    ],
    [
      'an item not on the order',
      { item_ids: [ITEM.blueLantern] },
      'some item not found',
    ],
    [
      'an item named more often than held',
      { item_ids: [ITEM.cup, ITEM.cup] },
      'some item not found',
    ],
  ])('refuses %s', async (_, input, message) => {
    // Act
    const call = giveBack(writeStore(), input);

    // Assess
    await expectRefusal(call, message);
  });

  it('refuses a second request on the same order', async () => {
    // Prepare
    const store = writeStore();
    await giveBack(store, {});

    // Act
    const call = exchange(store, {});

    // Assess
    await expectRefusal(call, 'non-delivered order cannot be exchanged');
  });
});

describe('exchange_delivered_order_items', () => {
  it.each([
    ['a dearer item', ITEM.blueLantern, 10],
    ['a cheaper item', ITEM.redLantern, -5.49],
  ])('requests an exchange for %s', async (_, newItem, difference) => {
    // Prepare
    const store = writeStore();
    const before = await store.getOrder('#W1000001');

    // Act
    const result = await exchange(store, { new_item_ids: [newItem] });

    // Assess
    expect(result).toMatchObject({
      status: 'exchange requested',
      exchange_items: [ITEM.greenLantern],
      exchange_new_items: [newItem],
      exchange_payment_method_id: 'credit_card_1000001',
      exchange_price_difference: difference,
    });
    const order = await store.getOrder('#W1000001');
    expect(order?.items).toEqual(before?.items);
    expect(order?.payment_history).toEqual(before?.payment_history);
  });

  it('stores the item lists sorted, as τ-bench does', async () => {
    // Act
    const result = await exchange(writeStore(), {
      item_ids: [ITEM.cup, ITEM.greenLantern],
      new_item_ids: [ITEM.cup, ITEM.redLantern],
    });

    // Assess
    expect(result).toMatchObject({
      exchange_items: [ITEM.greenLantern, ITEM.cup],
      exchange_new_items: [ITEM.redLantern, ITEM.cup],
      exchange_price_difference: -5.49,
    });
  });

  it.each([
    [
      'a pending order',
      { order_id: '#W1000002', item_ids: [ITEM.orangeLantern] },
      'non-delivered order cannot be exchanged',
    ],
    ['an unknown order', { order_id: '#W9999999' }, 'order not found'],
    [
      'an item not on the order',
      { item_ids: [ITEM.redLantern] },
      `${ITEM.redLantern} not found`,
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
      "another customer's payment method",
      { payment_method_id: 'gift_card_2000002' },
      'payment method not found',
    ],
  ])('refuses %s', async (_, input, message) => {
    // Act
    const call = exchange(writeStore(), input);

    // Assess
    await expectRefusal(call, message);
  });

  it('refuses a gift card that cannot cover the difference', async () => {
    // Prepare
    const store = writeStore((json) => {
      const card = json.users.ada_quill_1001.payment_methods.gift_card_1000002;
      if (card.source === 'gift_card') card.balance = 9.99;
    });

    // Act
    const call = exchange(store, { payment_method_id: 'gift_card_1000002' });

    // Assess
    await expectRefusal(
      call,
      'insufficient gift card balance to pay for the price difference',
    );
  });
});
