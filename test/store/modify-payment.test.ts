import { balance, expectRefusal, run, writeStore } from './write-tools';

describe('modify_pending_order_payment', () => {
  it('pays with the new method and refunds the old gift card', async () => {
    // Prepare
    const store = writeStore();

    // Act
    const result = await run(store, 'modify_pending_order_payment', {
      order_id: '#W1000002',
      payment_method_id: 'credit_card_1000001',
    });

    // Assess
    expect(result).toMatchObject({
      status: 'pending',
      payment_history: [
        { transaction_type: 'payment', payment_method_id: 'gift_card_1000002' },
        {
          transaction_type: 'payment',
          amount: 24.5,
          payment_method_id: 'credit_card_1000001',
        },
        {
          transaction_type: 'refund',
          amount: 24.5,
          payment_method_id: 'gift_card_1000002',
        },
      ],
    });
    expect(await balance(store, 'ada_quill_1001', 'gift_card_1000002')).toBe(
      5000,
    );
  });

  it('takes the amount from a gift card that covers it', async () => {
    // Prepare
    const store = writeStore((json) => {
      const card = json.users.ben_marlow_2002.payment_methods.gift_card_2000002;
      if (card.source === 'gift_card') card.balance = 100;
    });

    // Act
    await run(store, 'modify_pending_order_payment', {
      order_id: '#W1000004',
      payment_method_id: 'gift_card_2000002',
    });

    // Assess
    expect(await balance(store, 'ben_marlow_2002', 'gift_card_2000002')).toBe(
      6002,
    );
  });

  it.each([
    [
      '#W1000001',
      'credit_card_1000001',
      'non-pending order cannot be modified',
    ],
    ['#W9999999', 'credit_card_1000001', 'order not found'],
    ['#W1000004', 'credit_card_1000001', 'payment method not found'],
    [
      '#W1000002',
      'gift_card_1000002',
      'the new payment method should be different from the current one',
    ],
    [
      '#W1000004',
      'gift_card_2000002',
      'insufficient gift card balance to pay for the order',
    ],
  ])(
    'refuses %s paid with %s',
    async (order_id, payment_method_id, message) => {
      // Act
      const call = run(writeStore(), 'modify_pending_order_payment', {
        order_id,
        payment_method_id,
      });

      // Assess
      await expectRefusal(call, message);
    },
  );

  it('refuses an order paid more than once', async () => {
    // Prepare
    const store = writeStore();
    await run(store, 'modify_pending_order_payment', {
      order_id: '#W1000002',
      payment_method_id: 'credit_card_1000001',
    });

    // Act
    const call = run(store, 'modify_pending_order_payment', {
      order_id: '#W1000002',
      payment_method_id: 'paypal_1000003',
    });

    // Assess
    await expectRefusal(
      call,
      'there should be exactly one payment for a pending order',
    );
  });
});
