import { ValidationError } from '../../functions/shared/errors';
import { ToolError } from '../../functions/shared/store/errors';
import { refundCents } from '../../functions/shared/store/refund';
import { ITEM } from './write-fixtures';
import { writeStore } from './write-tools';

describe('refundCents', () => {
  it.each([
    [
      'a cancellation: what was paid',
      'cancel_pending_order',
      { order_id: '#W1000004', reason: 'no longer needed' },
      3998,
    ],
    [
      'a return: the price of the items',
      'return_delivered_order_items',
      {
        order_id: '#W1000001',
        item_ids: [ITEM.greenLantern, ITEM.cup],
        payment_method_id: 'gift_card_1000002',
      },
      2028,
    ],
    [
      'an exchange for a cheaper item: the difference',
      'exchange_delivered_order_items',
      {
        order_id: '#W1000001',
        item_ids: [ITEM.greenLantern],
        new_item_ids: [ITEM.redLantern],
        payment_method_id: 'credit_card_1000001',
      },
      549,
    ],
    [
      'an exchange for a dearer item: nothing',
      'exchange_delivered_order_items',
      {
        order_id: '#W1000001',
        item_ids: [ITEM.greenLantern],
        new_item_ids: [ITEM.blueLantern],
        payment_method_id: 'credit_card_1000001',
      },
      0,
    ],
    [
      'a modification to cheaper items: the difference',
      'modify_pending_order_items',
      {
        order_id: '#W1000002',
        item_ids: [ITEM.orangeLantern],
        new_item_ids: [ITEM.redLantern],
        payment_method_id: 'gift_card_1000002',
      },
      1000,
    ],
    [
      'a payment change: nothing',
      'modify_pending_order_payment',
      { order_id: '#W1000002', payment_method_id: 'credit_card_1000001' },
      0,
    ],
    ['a read: nothing', 'get_order_details', { order_id: '#W1000001' }, 0],
  ])('returns the refund of %s', async (_, tool, input, expected) => {
    // Prepare
    const store = writeStore();
    const before = await store.getOrder(String(input.order_id));

    // Act
    const cents = await refundCents(store, tool, input);

    // Assess
    expect(cents).toBe(expected);
    expect(await store.getOrder(String(input.order_id))).toEqual(before);
  });

  it('throws the ToolError the call itself would throw', async () => {
    // Act
    const refund = refundCents(writeStore(), 'cancel_pending_order', {
      order_id: '#W1000001',
      reason: 'no longer needed',
    });

    // Assess
    await expect(refund).rejects.toThrow(ToolError);
    await expect(refund).rejects.toThrow(
      'non-pending order cannot be cancelled',
    );
  });

  it.each([
    ['an unknown tool', 'refund_everything', {}],
    ['invalid input', 'cancel_pending_order', { order_id: '#W1000002' }],
  ])('throws a ValidationError for %s', async (_, tool, input) => {
    // Act
    const refund = refundCents(writeStore(), tool, input);

    // Assess
    await expect(refund).rejects.toThrow(ValidationError);
  });
});
