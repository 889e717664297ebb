/** The demo store's orders, each in a state its status implies. */
import type { Order, OrderStatus, Product, User } from '../../schemas/store';
import { DEMO_CUSTOMER } from './customers';
import type { NewId, Random } from './random';

/** How many orders of each status the store holds, besides the demo's. */
const STATUS_PLAN: Readonly<Record<OrderStatus, number>> = {
  pending: 13,
  'pending (item modified)': 0,
  processed: 9,
  delivered: 17,
  cancelled: 6,
  'return requested': 6,
  'exchange requested': 6,
};

export interface OrderPlan {
  readonly orderId: string;
  readonly userId: string;
  readonly status: OrderStatus;
}

/** Which user places which order with which status. */
export function planOrders(
  rng: Random,
  userIds: readonly string[],
  newId: NewId,
): OrderPlan[] {
  const demo = Object.entries(DEMO_CUSTOMER.orders).map(
    ([status, orderId]) => ({
      orderId,
      userId: DEMO_CUSTOMER.userId,
      status: status as OrderStatus,
    }),
  );
  const statuses = rng.shuffle(
    Object.entries(STATUS_PLAN).flatMap(([status, count]) =>
      Array.from({ length: count }, () => status as OrderStatus),
    ),
  );
  const others = userIds.slice(1);
  // Everyone orders at least once; the rest of the orders go anywhere.
  const owners = [
    ...others,
    ...statuses.slice(others.length).map(() => rng.pick(others)),
  ];
  const rest = statuses.map((status, i) => ({
    orderId: newId(7, '#W'),
    userId: owners[i],
    status,
  }));
  return [...demo, ...rest];
}

export function generateOrder(
  rng: Random,
  plan: OrderPlan,
  user: User,
  products: readonly Product[],
  newId: NewId,
): Order {
  const lines = rng
    .shuffle(products)
    .slice(0, rng.int(1, 4))
    .map((product) => {
      const variant = rng.pick(Object.values(product.variants));
      return {
        name: product.name,
        product_id: product.product_id,
        item_id: variant.item_id,
        price: variant.price,
        options: variant.options,
      };
    });
  const total = lines.reduce((sum, line) => sum + line.price, 0);
  const method = choosePaymentMethod(rng, user, total);
  const order: Order = {
    order_id: plan.orderId,
    user_id: plan.userId,
    address: user.address,
    items: lines,
    fulfillments: [],
    status: plan.status,
    payment_history: [
      { transaction_type: 'payment', amount: total, payment_method_id: method },
    ],
  };
  return applyStatus(rng, order, user, products, newId);
}

/** A gift card pays only when its balance covers the whole order. */
function choosePaymentMethod(rng: Random, user: User, total: number): string {
  const usable = Object.values(user.payment_methods).filter(
    (m) => m.source !== 'gift_card' || m.balance >= total,
  );
  return rng.pick(usable).id;
}

/** Adds what the order's status implies: parcels, refunds, requests. */
function applyStatus(
  rng: Random,
  order: Order,
  user: User,
  products: readonly Product[],
  newId: NewId,
): Order {
  const payment = order.payment_history[0];
  const itemIds = order.items.map((item) => item.item_id);
  const shipped = !['pending', 'cancelled'].includes(order.status);
  const fulfillments = shipped ? parcels(rng, itemIds, newId) : [];

  switch (order.status) {
    case 'cancelled':
      return {
        ...order,
        payment_history: [payment, { ...payment, transaction_type: 'refund' }],
        cancel_reason: rng.pick(['no longer needed', 'ordered by mistake']),
      };
    case 'return requested':
      return {
        ...order,
        fulfillments,
        return_items: someOf(rng, itemIds),
        return_payment_method_id: payment.payment_method_id,
      };
    case 'exchange requested':
      return {
        ...order,
        fulfillments,
        ...exchange(rng, order, user, products),
      };
    default:
      return { ...order, fulfillments };
  }
}

function parcels(
  rng: Random,
  itemIds: readonly string[],
  newId: NewId,
): Order['fulfillments'] {
  const split = itemIds.length > 2 && rng.next() < 0.4 ? 2 : 1;
  const cut = Math.ceil(itemIds.length / split);
  return Array.from({ length: split }, (_, i) => ({
    tracking_id: [newId(12)],
    item_ids: itemIds.slice(i * cut, (i + 1) * cut),
  }));
}

const someOf = (rng: Random, ids: readonly string[]) =>
  rng.shuffle(ids).slice(0, rng.int(1, ids.length)).sort();

/** Swaps some items for other in-stock variants of the same products. */
function exchange(
  rng: Random,
  order: Order,
  user: User,
  products: readonly Product[],
): Partial<Order> {
  const swaps = rng
    .shuffle(order.items)
    .slice(0, rng.int(1, order.items.length))
    .map((item) => {
      const product = products.find((p) => p.product_id === item.product_id);
      const choices = Object.values(product?.variants ?? {}).filter(
        (v) => v.available && v.item_id !== item.item_id,
      );
      return { item, next: rng.pick(choices) };
    })
    .sort((a, b) => (a.item.item_id < b.item.item_id ? -1 : 1));
  const difference = swaps.reduce(
    (sum, { item, next }) => sum + next.price - item.price,
    0,
  );
  return {
    exchange_items: swaps.map(({ item }) => item.item_id),
    exchange_new_items: swaps.map(({ next }) => next.item_id),
    exchange_payment_method_id: choosePaymentMethod(
      rng,
      user,
      Math.max(0, difference),
    ),
    exchange_price_difference: difference,
  };
}
