import { isRecord } from '../record-text';
import { listPhrase } from '../text';
import { type OrderItem, orderItems } from './items';
import { methodWords } from './payment';
import type { Json } from './records';

/**
 * Says what a change did, from the record the store returned after it:
 * the order's new status, the items concerned, and the money (in the
 * record's dollars) with the payment method it goes to or comes from.
 */

type Describe = (record: Json, input: Json) => string;

/** Dollars with cents: `$165.26`. */
const money = (amount: number) => `$${amount.toFixed(2)}`;

/** The sentences for a change's result; empty for an unknown tool. */
export function describeDone(tool: string, record: Json, input: Json): string {
  return DESCRIBERS[tool]?.(record, input) ?? '';
}

const cancelled: Describe = (order) => {
  const reason =
    typeof order.cancel_reason === 'string'
      ? ` (reason: ${order.cancel_reason})`
      : '';
  // The cancellation's refunds follow the last payment.
  const history = payments(order);
  const refunds = history.slice(history.findLastIndex((p) => !isRefund(p)) + 1);
  const back = refunds.map((r) => `${money(r.amount)} to ${methodWords(r.id)}`);
  return [
    `Done: order ${order.order_id} is now ${order.status}${reason}.`,
    back.length > 0
      ? `You will get a refund of ${listPhrase(back)}.`
      : 'Nothing had been paid, so there is nothing to refund.',
  ].join(' ');
};

const returned: Describe = (order, input) => {
  const items = itemsOf(order, order.return_items ?? input.item_ids);
  const total = sum(items.map((item) => item.price ?? 0));
  const method = String(order.return_payment_method_id ?? '');
  return [
    `Done: I've requested the return of ${count(items)} from order ` +
      `${order.order_id} (${names(items)}).`,
    method
      ? `A refund of ${money(total)} will go to ${methodWords(method)}.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
};

const exchanged: Describe = (order, input) => {
  const items = itemsOf(order, order.exchange_items ?? input.item_ids);
  const method = String(order.exchange_payment_method_id ?? '');
  const difference = order.exchange_price_difference;
  return [
    `Done: I've requested the exchange of ${count(items)} from order ` +
      `${order.order_id} (${names(items)}).`,
    typeof difference === 'number'
      ? settled(difference, method, 'will be')
      : '',
  ]
    .filter(Boolean)
    .join(' ');
};

const swapped: Describe = (order, input) => {
  const items = itemsOf(order, input.new_item_ids);
  const last = payments(order).at(-1);
  const difference = last ? (isRefund(last) ? -1 : 1) * last.amount : undefined;
  return [
    `Done: order ${order.order_id} now holds ${described(items)}. It can ` +
      'no longer be changed or cancelled.',
    last && difference !== undefined ? settled(difference, last.id, 'was') : '',
  ]
    .filter(Boolean)
    .join(' ');
};

const repaid: Describe = (order) => {
  const history = payments(order);
  const paid = history.filter((p) => !isRefund(p)).at(-1);
  const back = history.filter(isRefund).at(-1);
  return [
    paid
      ? `Done: order ${order.order_id} is now paid with ` +
        `${methodWords(paid.id)}.`
      : `Done: the payment of order ${order.order_id} is changed.`,
    back
      ? `The ${money(back.amount)} paid before will go back to ` +
        `${methodWords(back.id)}.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
};

const reshipped: Describe = (order) =>
  `Done: order ${order.order_id} will now ship to ${address(order.address)}.`;

const rehomed: Describe = (user) =>
  `Done: your default address is now ${address(user.address)}. Orders ` +
  'you already placed keep their address.';

const DESCRIBERS: Readonly<Record<string, Describe>> = {
  cancel_pending_order: cancelled,
  return_delivered_order_items: returned,
  exchange_delivered_order_items: exchanged,
  modify_pending_order_items: swapped,
  modify_pending_order_payment: repaid,
  modify_pending_order_address: reshipped,
  modify_user_address: rehomed,
};

/** "The price difference of $6.29 will be paid with your credit card." */
function settled(difference: number, method: string, verb: string): string {
  if (difference === 0) return 'There is no price difference.';
  const how = difference > 0 ? 'paid with' : 'refunded to';
  return (
    `The price difference of ${money(Math.abs(difference))} ${verb} ` +
    `${how} ${methodWords(method)}.`
  );
}

interface Payment {
  readonly type: string;
  readonly amount: number;
  readonly id: string;
}

function payments(order: Json): Payment[] {
  const history = Array.isArray(order.payment_history)
    ? order.payment_history.filter(isRecord)
    : [];
  return history.map((p) => ({
    type: String(p.transaction_type),
    amount: typeof p.amount === 'number' ? p.amount : 0,
    id: String(p.payment_method_id),
  }));
}

const isRefund = (payment: Payment) => payment.type === 'refund';

/** The order's items with the given ids (once per occurrence), in order. */
function itemsOf(order: Json, ids: unknown): OrderItem[] {
  const left = new Map<string, number>();
  for (const id of Array.isArray(ids) ? ids.map(String) : []) {
    left.set(id, (left.get(id) ?? 0) + 1);
  }
  return orderItems(order).filter((item) => {
    const count = left.get(item.item_id) ?? 0;
    left.set(item.item_id, count - 1);
    return count > 0;
  });
}

const count = (items: readonly OrderItem[]) =>
  `${items.length} item${items.length === 1 ? '' : 's'}`;

const names = (items: readonly OrderItem[]) =>
  listPhrase(items.map((item) => item.name));

/** "Sleeping Pad (type: air, length: long)". */
const described = (items: readonly OrderItem[]) =>
  listPhrase(
    items.map((item) => {
      const options = Object.entries(item.options)
        .map(([key, value]) => `${key}: ${value}`)
        .join(', ');
      return options ? `${item.name} (${options})` : item.name;
    }),
  );

/** Adds dollar amounts in whole cents, so 58.29 + 106.97 is 165.26. */
const sum = (amounts: readonly number[]) =>
  amounts.reduce((total, a) => total + Math.round(a * 100), 0) / 100;

function address(value: unknown): string {
  if (!isRecord(value)) return 'the new address';
  const text = (key: string) =>
    typeof value[key] === 'string' ? (value[key] as string).trim() : '';
  return [
    text('address1'),
    text('address2'),
    text('city'),
    `${text('state')} ${text('zip')}`.trim(),
    text('country'),
  ]
    .filter(Boolean)
    .join(', ');
}
