import type {
  Cents,
  Order,
  OrderStatus,
  PaymentMethod,
  User,
} from '../../../schemas/store';
import { ToolError } from './errors';

/**
 * Checks of the store policy shared by the write tools. Messages are
 * τ-bench's, without its "Error: " prefix.
 */

/** Throws unless the order has `status`; `message` says why not. */
export function requireStatus(
  order: Order,
  status: OrderStatus,
  message: string,
): void {
  if (order.status !== status) throw new ToolError(message);
}

/** The user's payment method `id`, or a `ToolError`. */
export function paymentMethodOf(user: User, id: string): PaymentMethod {
  const method = user.payment_methods[id];
  if (!method) throw new ToolError('payment method not found');
  return method;
}

/** Throws `message` when a gift card cannot cover `cents`. */
export function requireBalance(
  method: PaymentMethod,
  cents: Cents,
  message: string,
): void {
  if (method.source === 'gift_card' && method.balance < cents) {
    throw new ToolError(message);
  }
}

/** Gift card balance changes: the non-zero `[method, cents]` pairs on gift cards. */
export function giftCardChanges(
  user: User,
  pairs: readonly (readonly [id: string, cents: Cents])[],
): Record<string, Cents> {
  const changes: Record<string, Cents> = {};
  for (const [id, cents] of pairs) {
    if (cents === 0 || user.payment_methods[id]?.source !== 'gift_card') {
      continue;
    }
    changes[id] = (changes[id] ?? 0) + cents;
  }
  return changes;
}

/**
 * The first of `itemIds` that the order does not hold as often as the
 * list names it (a list may name an item twice when the order has two).
 */
export function missingItem(
  order: Order,
  itemIds: readonly string[],
): string | undefined {
  const held = countOf(order.items.map((item) => item.item_id));
  const named = countOf(itemIds);
  return itemIds.find((id) => (named.get(id) ?? 0) > (held.get(id) ?? 0));
}

function countOf(ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Item ids in τ-bench's stored order (sorted as strings). */
export const sortedIds = (ids: readonly string[]) =>
  [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
