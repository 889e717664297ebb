import type { Cents, Order } from '../../../schemas/store';
import {
  ExchangeDeliveredOrderItemsInputSchema,
  ReturnDeliveredOrderItemsInputSchema,
} from '../../../schemas/tools/store';
import { ToolError } from './errors';
import { priceSwaps } from './item-swaps';
import { implementOrderWrite } from './order-write';
import {
  missingItem,
  paymentMethodOf,
  requireBalance,
  requireStatus,
  sortedIds,
} from './policy';

/**
 * The tools that act on a delivered order: a return or an exchange of some
 * of its items. Either one records the request on the order and changes
 * its status; no money moves until the items come back, so neither
 * changes the payment history or a gift card balance.
 */

/**
 * Requests the return of items of a delivered order. The refund goes to
 * the payment method that paid the order or to one of the user's gift
 * cards.
 */
export const returnDeliveredOrderItems = implementOrderWrite({
  name: 'return_delivered_order_items',
  schema: ReturnDeliveredOrderItemsInputSchema,
  plan: ({ order, user }, { item_ids, payment_method_id }) => {
    requireStatus(order, 'delivered', 'non-delivered order cannot be returned');
    const method = paymentMethodOf(user, payment_method_id);
    const original = order.payment_history[0]?.payment_method_id;
    if (method.source !== 'gift_card' && payment_method_id !== original) {
      throw new ToolError(
        'payment method should be either the original payment method or a gift card',
      );
    }
    if (missingItem(order, item_ids) !== undefined) {
      throw new ToolError('some item not found');
    }

    return {
      order: {
        ...order,
        status: 'return requested',
        return_items: sortedIds(item_ids),
        return_payment_method_id: payment_method_id,
      },
      giftCardChanges: {},
      refundCents: priceOfItems(order, item_ids),
    };
  },
});

/** What the named items cost on the order; a repeated id, each time. */
function priceOfItems(order: Order, itemIds: readonly string[]): Cents {
  const unclaimed = [...order.items];
  let cents = 0;
  for (const id of itemIds) {
    const index = unclaimed.findIndex((item) => item.item_id === id);
    cents += unclaimed[index].price;
    unclaimed.splice(index, 1);
  }
  return cents;
}

/**
 * Requests the exchange of items of a delivered order for available
 * variants of the same products. The price difference is charged to, or
 * refunded to, the payment method given when the items come back; a gift
 * card must cover what is to pay.
 */
export const exchangeDeliveredOrderItems = implementOrderWrite({
  name: 'exchange_delivered_order_items',
  schema: ExchangeDeliveredOrderItemsInputSchema,
  needsProducts: true,
  plan: ({ order, user, products }, input) => {
    requireStatus(
      order,
      'delivered',
      'non-delivered order cannot be exchanged',
    );
    const { differenceCents } = priceSwaps(
      order,
      products,
      input.item_ids,
      input.new_item_ids,
    );
    const method = paymentMethodOf(user, input.payment_method_id);
    requireBalance(
      method,
      differenceCents,
      'insufficient gift card balance to pay for the price difference',
    );

    return {
      order: {
        ...order,
        status: 'exchange requested',
        exchange_items: sortedIds(input.item_ids),
        exchange_new_items: sortedIds(input.new_item_ids),
        exchange_payment_method_id: input.payment_method_id,
        exchange_price_difference: differenceCents,
      },
      giftCardChanges: {},
      refundCents: Math.max(0, -differenceCents),
    };
  },
});
