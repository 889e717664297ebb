import type { Cents, Order } from '../../../schemas/store';
import {
  CancelPendingOrderInputSchema,
  ModifyPendingOrderAddressInputSchema,
  ModifyPendingOrderItemsInputSchema,
  ModifyPendingOrderPaymentInputSchema,
} from '../../../schemas/tools/store';
import { ToolError } from './errors';
import { priceSwaps, swapItems } from './item-swaps';
import { implementOrderWrite } from './order-write';
import {
  giftCardChanges,
  paymentMethodOf,
  requireBalance,
  requireStatus,
} from './policy';

/**
 * The tools that change a pending order: cancel it, or modify its address,
 * payment method or items. Only an order whose status is exactly `pending`
 * qualifies; after its items were modified (`pending (item modified)`) it
 * can be neither modified nor cancelled again.
 */

/**
 * Cancels a pending order and refunds what was paid, to the payment
 * methods that paid it; a gift card gets its money back at once.
 *
 * Unlike τ-bench, which adds one refund per payment-history entry (so an
 * order whose payment method was changed would refund the first method
 * twice), each method is refunded what it paid net of earlier refunds.
 * For an order paid once, the usual case, both agree.
 */
export const cancelPendingOrder = implementOrderWrite({
  name: 'cancel_pending_order',
  schema: CancelPendingOrderInputSchema,
  plan: ({ order, user }, { reason }) => {
    requireStatus(order, 'pending', 'non-pending order cannot be cancelled');

    const refunds = [...netPaid(order)]
      .filter(([, cents]) => cents > 0)
      .map(([id, cents]) => ({
        transaction_type: 'refund' as const,
        amount: cents,
        payment_method_id: id,
      }));
    return {
      order: {
        ...order,
        status: 'cancelled',
        payment_history: [...order.payment_history, ...refunds],
        cancel_reason: reason,
      },
      giftCardChanges: giftCardChanges(
        user,
        refunds.map((r) => [r.payment_method_id, r.amount] as const),
      ),
      refundCents: refunds.reduce((sum, r) => sum + r.amount, 0),
    };
  },
});

/** What each payment method paid for the order, net of refunds, in cents. */
function netPaid(order: Order): Map<string, Cents> {
  const net = new Map<string, Cents>();
  for (const entry of order.payment_history) {
    const sign = entry.transaction_type === 'payment' ? 1 : -1;
    const id = entry.payment_method_id;
    net.set(id, (net.get(id) ?? 0) + sign * entry.amount);
  }
  return net;
}

/** Changes where a pending order ships to. */
export const modifyPendingOrderAddress = implementOrderWrite({
  name: 'modify_pending_order_address',
  schema: ModifyPendingOrderAddressInputSchema,
  plan: ({ order }, { address1, address2, city, state, country, zip }) => {
    requireStatus(order, 'pending', 'non-pending order cannot be modified');

    return {
      order: {
        ...order,
        address: { address1, address2, city, country, state, zip },
      },
      giftCardChanges: {},
      refundCents: 0,
    };
  },
});

/**
 * Pays a pending order with another of the user's payment methods: the new
 * method pays the whole amount, the old one is refunded it. The order must
 * have exactly one payment, and a gift card must cover the amount.
 */
export const modifyPendingOrderPayment = implementOrderWrite({
  name: 'modify_pending_order_payment',
  schema: ModifyPendingOrderPaymentInputSchema,
  plan: ({ order, user }, { payment_method_id }) => {
    requireStatus(order, 'pending', 'non-pending order cannot be modified');
    const method = paymentMethodOf(user, payment_method_id);
    const [paid, ...rest] = order.payment_history;
    if (rest.length > 0 || paid?.transaction_type !== 'payment') {
      throw new ToolError(
        'there should be exactly one payment for a pending order',
      );
    }
    if (paid.payment_method_id === payment_method_id) {
      throw new ToolError(
        'the new payment method should be different from the current one',
      );
    }
    requireBalance(
      method,
      paid.amount,
      'insufficient gift card balance to pay for the order',
    );

    const old = paid.payment_method_id;
    return {
      order: {
        ...order,
        payment_history: [
          paid,
          { ...paid, payment_method_id },
          {
            transaction_type: 'refund',
            amount: paid.amount,
            payment_method_id: old,
          },
        ],
      },
      giftCardChanges: giftCardChanges(user, [
        [payment_method_id, -paid.amount],
        [old, paid.amount],
      ]),
      refundCents: 0,
    };
  },
});

/**
 * Swaps items of a pending order for available variants of the same
 * products, once: the order becomes `pending (item modified)`. The price
 * difference is paid with, or refunded to, the payment method given; a
 * gift card must cover what is to pay.
 */
export const modifyPendingOrderItems = implementOrderWrite({
  name: 'modify_pending_order_items',
  schema: ModifyPendingOrderItemsInputSchema,
  needsProducts: true,
  plan: ({ order, user, products }, input) => {
    requireStatus(order, 'pending', 'non-pending order cannot be modified');
    const { swaps, differenceCents } = priceSwaps(
      order,
      products,
      input.item_ids,
      input.new_item_ids,
    );
    const method = paymentMethodOf(user, input.payment_method_id);
    requireBalance(
      method,
      differenceCents,
      'insufficient gift card balance to pay for the new item',
    );

    const difference = {
      transaction_type: differenceCents > 0 ? 'payment' : 'refund',
      amount: Math.abs(differenceCents),
      payment_method_id: input.payment_method_id,
    } as const;
    return {
      order: {
        ...order,
        items: swapItems(order.items, swaps),
        status: 'pending (item modified)',
        payment_history: [...order.payment_history, difference],
      },
      giftCardChanges: giftCardChanges(user, [
        [input.payment_method_id, -differenceCents],
      ]),
      refundCents: Math.max(0, -differenceCents),
    };
  },
});
